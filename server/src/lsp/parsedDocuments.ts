/**
 * The open documents and their syntax trees. A tree is parsed once per
 * document version and shared by every feature request for that version.
 */
import { TextDocument } from "vscode-languageserver-textdocument";
import { parseSpec } from "../language/parser";
import type { SpecDocument } from "../language/syntaxTree";

export class ParsedDocuments {
  private readonly trees = new Map<string, { version: number; tree: SpecDocument }>();

  treeOf(document: TextDocument): SpecDocument {
    const cached = this.trees.get(document.uri);
    if (cached && cached.version === document.version) return cached.tree;
    const tree = parseSpec(document.getText());
    this.trees.set(document.uri, { version: document.version, tree });
    return tree;
  }

  forget(uri: string): void {
    this.trees.delete(uri);
  }
}
