/**
 * The scansion parser: text in, SpecDocument out (see syntaxTree.ts for the
 * contract and docs/scansion-language.md §1 for the language).
 *
 * Line-oriented: a line's first character decides its kind. Every line is
 * trimmed at the end before it is read. Problems never stop the parse: each
 * bad line becomes a SyntaxProblem and reading goes on with the next line.
 * Stanza blocks go to stanzaXml.ts through a memo (blockCache.ts), so a
 * reparse after a small edit only re-reads the XML that changed.
 */
import { guessVerb, splitActionLine, textOf, VERBS } from "./actionLine";
import { parseStanzaBlockCached } from "./blockCache";
import { readClientHeader, readProperty } from "./headerLines";
import { LineSpan } from "./treeNodes";
import type {
  Action,
  ActionKind,
  ClientDefinition,
  ClientProperty,
  Comment,
  CommentStyle,
  ProblemSeverity,
  Range,
  Separator,
  SpecDocument,
  StanzaBlock,
  SyntaxProblem,
  Tag,
  TextSpan,
} from "./syntaxTree";
import { isSpace } from "./whitespace";

const SEPARATOR = /^-{3,}$/;

/**
 * A `#` line at column 0 among a block's lines: a comment, and the block goes on after it
 * (docs/LANGUAGE-DECISIONS.md, "Comments inside a block"). `//` and `--` lines still end a block.
 */
function isCommentInBlock(line: string | undefined): boolean {
  return line !== undefined && line.startsWith("#");
}

/** Parses a whole spec. Never throws. A leading byte order mark is ignored (ranges are after it). */
export function parseSpec(text: string): SpecDocument {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Splitting at one character is much faster than at a pattern; same lines when there is no \r.
  const lines = withoutBom.includes("\r") ? withoutBom.split(/\r\n|\r|\n/) : withoutBom.split("\n");
  try {
    return new SpecReader(lines).read();
  } catch (error) {
    // A bug must not take the editor down; report it where the user will see it.
    const at = { line: 0, character: 0 };
    return {
      lines, header: { title: undefined, description: [], tags: [] }, clients: [], separator: undefined, actions: [], comments: [],
      problems: [{ range: { start: at, end: at }, severity: "error", code: "parser-internal-error", message: `The parser failed: ${String(error)}` }],
    };
  }
}

interface ClientBuilder {
  readonly className: TextSpan;
  readonly name: TextSpan;
  readonly headerRange: Range;
  readonly properties: ClientProperty[];
}

interface BlockExtent {
  readonly first: number;
  readonly last: number;
}

function span(text: string, line: number, start: number): TextSpan {
  return new LineSpan(text, line, start);
}

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

class SpecReader {
  /** Lines without trailing whitespace: what every rule reads. */
  private readonly text: readonly string[];
  private readonly clients: ClientBuilder[] = [];
  private readonly actions: Action[] = [];
  private readonly comments: Comment[] = [];
  private readonly problems: SyntaxProblem[] = [];
  private readonly tags: Tag[] = [];
  private readonly description: TextSpan[] = [];
  private title: TextSpan | undefined;
  private separator: Separator | undefined;
  /** Defined client names, longest first, for the longest-match rule of action lines. */
  private namesByLength: string[] = [];

  constructor(private readonly lines: readonly string[]) {
    this.text = lines.map((line) => line.trimEnd());
  }

  read(): SpecDocument {
    const bodyStart = this.readHeader(this.readTitle());
    this.readBody(bodyStart);
    const clients: ClientDefinition[] = this.clients.map((c) => {
      const last = c.properties[c.properties.length - 1];
      return { ...c, range: { start: c.headerRange.start, end: last ? last.range.end : c.headerRange.end } };
    });
    return {
      lines: this.lines,
      header: { title: this.title, description: this.description, tags: this.tags },
      clients,
      separator: this.separator,
      actions: this.actions,
      comments: this.comments,
      problems: this.problems,
    };
  }

  // ----- header -----

  /** Title and description: the `#` lines before anything else. Returns the next line to read. */
  private readTitle(): number {
    let i = 0;
    while (i < this.text.length && this.text[i] === "") i++;
    if (!this.isTitleLine(i)) return 0;
    this.title = this.hashText(i);
    for (i++; this.isTitleLine(i); i++) this.description.push(this.hashText(i));
    return i;
  }

  private isTitleLine(i: number): boolean {
    const line = this.text[i];
    return line !== undefined && line.startsWith("#") && !line.startsWith("##");
  }

  /** The text after `#` and the spaces following it. */
  private hashText(i: number): TextSpan {
    const line = this.text[i] ?? "";
    let start = 1;
    while (isSpace(line[start])) start++;
    return span(line.slice(start), i, start);
  }

  /** Reads header constructs from `from`; returns the first body line. */
  private readHeader(from: number): number {
    const separatorLine = this.text.findIndex((line) => SEPARATOR.test(line));
    let client: ClientBuilder | undefined;
    /** After a broken `[...]` line its property lines are skipped silently. */
    let skipIndented = false;
    let i = from;
    while (i < this.text.length) {
      const line = this.text[i] ?? "";
      if (i === separatorLine) {
        this.separator = { range: lineRange(i, 0, line.length) };
        return i + 1;
      }
      if (line === "") {
        i++;
      } else if (isSpace(line[0])) {
        if (client || this.isIndentedComment(i)) this.readPropertyLine(client, i, "header");
        else if (!skipIndented) {
          const extent = this.indentedRun(i);
          this.problem(this.extentRange(extent), "error", "property-outside-client",
            "Indented line outside a client definition: properties follow a '[Client] Name' line.");
          i = extent.last;
        }
        i++;
      } else if (line.startsWith("##") && line.slice(2).trim() !== "") {
        this.readTag(i);
        client = undefined;
        skipIndented = false;
        i++;
      } else if (line.startsWith("#") || line.startsWith("//") || line.startsWith("--")) {
        this.readComment(i, "header");
        i++;
      } else if (line.startsWith("[")) {
        client = this.readClientLine(i);
        skipIndented = client === undefined;
        i++;
      } else if (separatorLine < 0) {
        const range = lineRange(i, 0, line.length);
        this.problem(range, "warning", "separator-missing",
          "No separator line (-----) after the header: the actions are taken to start here.");
        return i;
      } else {
        // Skip the line with any block of its own, so one misplaced action gives one problem.
        const extent = this.blockAfter(i);
        this.problem(lineRange(i, 0, line.length), "error", "header-unexpected-line",
          "Only comments, tags and client definitions may stand before the separator line (-----); actions come after it.");
        if (extent) this.readCommentsInBlock(i, extent);
        client = undefined;
        skipIndented = false;
        i = (extent ? extent.last : i) + 1;
      }
    }
    return i;
  }

  private readTag(i: number): void {
    const line = this.text[i] ?? "";
    let start = 2;
    while (isSpace(line[start])) start++;
    const rest = line.slice(start);
    const colon = rest.indexOf(": ");
    if (colon >= 0) {
      let valueStart = colon + 2;
      while (isSpace(rest[valueStart])) valueStart++;
      const name = rest.slice(0, colon).trimEnd();
      const value = rest.slice(valueStart);
      this.tags.push({ name: span(name, i, start), value: span(value, i, start + valueStart), range: lineRange(i, 0, line.length) });
    } else {
      const name = rest.endsWith(":") ? rest.slice(0, -1).trimEnd() : rest;
      this.tags.push({ name: span(name, i, start), value: undefined, range: lineRange(i, 0, line.length) });
    }
  }

  /** A comment starting at column `start` of line `i`. */
  private readComment(i: number, section: Comment["section"], start = 0): void {
    const line = this.text[i] ?? "";
    const style: CommentStyle = line.startsWith("#", start) ? "hash" : line.startsWith("//", start) ? "slashes" : "dashes";
    const marker = start + (style === "hash" ? 1 : 2);
    const text = line.slice(line[marker] === " " ? marker + 1 : marker);
    this.comments.push({ style, text, range: lineRange(i, start, line.length), section });
  }

  /** `[Class] Name`; undefined (with a problem) when it cannot define a client. */
  private readClientLine(i: number): ClientBuilder | undefined {
    const read = readClientHeader(this.text[i] ?? "", i);
    if ("problem" in read) {
      this.problems.push(read.problem);
      return undefined;
    }
    const client: ClientBuilder = { ...read, properties: [] };
    this.clients.push(client);
    if (!this.namesByLength.includes(client.name.text)) {
      this.namesByLength = [...this.namesByLength, client.name.text].sort((a, b) => b.length - a.length);
    }
    return client;
  }

  private isIndentedComment(i: number): boolean {
    const text = (this.text[i] ?? "").trimStart();
    return text.startsWith("#") || text.startsWith("//");
  }

  /** An indented line of a client definition: a property, or a comment. */
  private readPropertyLine(client: ClientBuilder | undefined, i: number, section: Comment["section"]): void {
    const line = this.text[i] ?? "";
    const start = line.length - line.trimStart().length;
    if (this.isIndentedComment(i)) {
      this.readComment(i, section, start);
      return;
    }
    if (client === undefined) return;
    const read = readProperty(line, i, start);
    if ("problem" in read) this.problems.push(read.problem);
    else client.properties.push(read);
  }

  // ----- body -----

  private readBody(from: number): void {
    let i = from;
    while (i < this.text.length) {
      const line = this.text[i] ?? "";
      if (line === "") {
        i++;
      } else if (isSpace(line[0])) {
        const extent = this.indentedRun(i);
        this.problem(this.extentRange(extent), "error", "block-without-action",
          "Indented lines that do not follow a 'sends:' or 'receives:' line (a '//' or '--' comment, or another line, in between ends a block).");
        i = extent.last + 1;
      } else if (SEPARATOR.test(line)) {
        this.problem(lineRange(i, 0, line.length), "warning", "separator-duplicate",
          "A second separator line: only the first one ends the header; this one is ignored.");
        i++;
      } else if (line.startsWith("#") || line.startsWith("//") || line.startsWith("--")) {
        this.readComment(i, "body");
        i++;
      } else if (line.startsWith("[")) {
        i = this.readClientInBody(i);
      } else if (line.startsWith("<")) {
        let last = i;
        while (last + 1 < this.text.length && /^[<\s]/.test(this.text[last + 1] ?? "")) last++;
        this.problem(this.extentRange({ first: i, last }), "error", "block-not-indented",
          "Stanza lines must be indented (start them with a tab) and follow a 'sends:' or 'receives:' line.");
        i = last + 1;
      } else {
        i = this.readAction(i);
      }
    }
  }

  private readClientInBody(i: number): number {
    const line = this.text[i] ?? "";
    // We can run it (the definition counts as if it stood in the header), so it is no error (LANGUAGE-DECISIONS.md #16).
    this.problem(lineRange(i, 0, line.length), "warning", "client-definition-in-body",
      "Read as a client definition, but client definitions belong in the header, before the separator line (-----).");
    const client = this.readClientLine(i);
    let next = i + 1;
    while (next < this.text.length && isSpace(this.text[next]?.[0])) {
      this.readPropertyLine(client, next, "body");
      next++;
    }
    return next;
  }

  /** Reads an action line and its block; returns the next line to read. */
  private readAction(i: number): number {
    const line = this.text[i] ?? "";
    const { nameEnd, verbStart, verbEnd, hasColon, restStart } = splitActionLine(line, this.namesByLength);
    const rest = line.slice(restStart);
    const verb = span(textOf(line, verbStart, verbEnd), i, verbStart);
    const kind: ActionKind = VERBS.has(verb.text) ? (verb.text as ActionKind) : "unknown";
    const expectsNothing = kind === "receives" && rest === "nothing";
    const lineRangeOfAction = lineRange(i, 0, line.length);
    this.checkVerb(verb, kind, line.slice(0, nameEnd), i);
    const stanzaOnLine = rest.startsWith("<") && (kind === "sends" || kind === "receives");
    // A stanza on the action line cannot be sent or expected as written; other text after the verb is read past (#16).
    if (rest !== "" && kind !== "unknown" && !expectsNothing) {
      this.problem(lineRange(i, restStart, line.length), stanzaOnLine ? "error" : "warning", "action-trailing-text", stanzaOnLine
        ? "The stanza goes on the following lines, indented with a tab, not on the action line."
        : `Read as '${line.slice(0, restStart).trimEnd()}': the text after '${verb.text}' is ignored${kind === "receives" ? " (only 'nothing' may follow 'receives:')" : ""}.`);
    }

    const extent = this.blockAfter(i);
    const takesBlock = kind === "sends" || kind === "receives" || kind === "unknown";
    let block: StanzaBlock | undefined;
    if (extent) this.readCommentsInBlock(i, extent);
    if (extent && takesBlock) {
      const parsed = parseStanzaBlockCached(this.blockLines(extent), extent.first);
      block = parsed.block;
      this.problems.push(...parsed.problems);
    }
    // 'receives: nothing' with a stanza says two things; a block under connects/disconnects is read past (#16).
    if (extent && (!takesBlock || expectsNothing)) {
      this.problem(this.extentRange(extent), expectsNothing ? "error" : "warning", "action-unexpected-block", expectsNothing
        ? "'receives: nothing' takes no stanza: remove 'nothing' or the indented lines."
        : `Read as '${verb.text}' alone: it takes no stanza block, so these lines are ignored (only 'sends:' and 'receives:' take one).`);
    }
    if (!extent && (kind === "sends" || kind === "receives") && !expectsNothing && !stanzaOnLine) {
      this.problem(lineRangeOfAction, "error", "action-missing-block",
        `'${verb.text}' needs a stanza on the following lines, indented with a tab${kind === "receives" ? " (or write 'receives: nothing')" : ""}.`);
    }

    // The action's range shares the line's start and the block's end.
    const client: TextSpan = new LineSpan(textOf(line, 0, nameEnd, this.namesByLength), i, 0, nameEnd);
    const end = block ? block.range.end : extent ? this.extentRange(extent).end : undefined;
    const range = end ? { start: lineRangeOfAction.start, end } : lineRangeOfAction;
    // Literal objects per kind (not spreads): this runs for every action of long specs.
    if (kind === "connects" || kind === "disconnects") {
      this.actions.push({ kind, client, verb, hasColon, lineRange: lineRangeOfAction, range });
    } else if (kind === "receives") {
      this.actions.push({ kind, client, verb, hasColon, lineRange: lineRangeOfAction, range, expectsNothing, block });
    } else {
      this.actions.push({ kind, client, verb, hasColon, lineRange: lineRangeOfAction, range, block });
    }
    return extent ? extent.last + 1 : i + 1;
  }

  private checkVerb(verb: TextSpan, kind: ActionKind, name: string, i: number): void {
    if (verb.text === "") {
      this.problem(lineRange(i, 0, name.length), "error", "action-missing-verb",
        `'${name}' is not an action: write '${name} connects', 'disconnects', 'sends:' or 'receives:'.`);
    } else if (kind === "unknown") {
      const guess = guessVerb(verb.text);
      this.problem(verb.range, "error", "action-unknown-verb",
        `Unknown verb '${verb.text}'${guess ? ` (did you mean '${guess}'?)` : ""}: the verbs are connects, disconnects, sends: and receives:.`);
    }
  }

  /** `#` lines between an action line and the end of its block are comments (the block goes on after them): recorded in document order. */
  private readCommentsInBlock(actionLine: number, extent: BlockExtent): void {
    for (let k = actionLine + 1; k < extent.last; k++) {
      if (isCommentInBlock(this.text[k])) this.readComment(k, "block");
    }
  }

  /** The block's lines for the XML reader: a comment line inside it reads as a blank line, so every offset holds. */
  private blockLines(extent: BlockExtent): string[] {
    const lines = this.text.slice(extent.first, extent.last + 1);
    return lines.some(isCommentInBlock) ? lines.map((line) => (isCommentInBlock(line) ? "" : line)) : lines;
  }

  // ----- shared -----

  /**
   * The block after action line `i`: indented lines up to the next unindented line. Blank
   * lines and `#` comment lines inside it (or between the action line and it) do not end it.
   */
  private blockAfter(i: number): BlockExtent | undefined {
    let first = i + 1;
    while (first < this.text.length && (this.text[first] === "" || isCommentInBlock(this.text[first]))) first++;
    if (!isSpace(this.text[first]?.[0])) return undefined;
    return this.indentedRun(first, true);
  }

  /**
   * From indented line `first` to the last indented line before the next unindented one that is
   * not blank (nor, with `commentsInside`, a `#` comment).
   */
  private indentedRun(first: number, commentsInside = false): BlockExtent {
    let last = first;
    for (let k = first + 1; k < this.text.length; k++) {
      const line = this.text[k] ?? "";
      if (line === "" || (commentsInside && isCommentInBlock(line))) continue;
      if (!isSpace(line[0])) break;
      last = k;
    }
    return { first, last };
  }

  private extentRange(extent: BlockExtent): Range {
    return {
      start: { line: extent.first, character: 0 },
      end: { line: extent.last, character: (this.text[extent.last] ?? "").length },
    };
  }

  private problem(range: Range, severity: ProblemSeverity, code: string, message: string): void {
    this.problems.push({ range, severity, code, message });
  }
}
