/**
 * A reader for the Erlang terms of ProcessOne's xmpp_codec.spec: binaries
 * (`<<"x">>`), atoms (bare or quoted), strings, integers, lists, tuples and
 * records (`#elem{name = ...}`). Just enough for the `-xml(Name, #elem{...}).`
 * forms and the clauses of the small `dec_*` functions; anything else is an
 * error with its line, so a change in the file's syntax is noticed, not skipped.
 */

export type Term =
  | { readonly kind: "binary"; readonly value: string }
  | { readonly kind: "atom"; readonly value: string }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "integer"; readonly value: number }
  | { readonly kind: "list"; readonly items: readonly Term[] }
  | { readonly kind: "tuple"; readonly items: readonly Term[] }
  | { readonly kind: "record"; readonly name: string; readonly fields: ReadonlyMap<string, Term> };

export interface XmlForm {
  readonly name: string;
  readonly elem: Term;
  readonly line: number;
}

/** Every `-xml(Name, Term).` form of the file, in order. */
export function xmlForms(source: string): XmlForm[] {
  const forms: XmlForm[] = [];
  const start = /^-xml\(/gm;
  for (let match = start.exec(source); match; match = start.exec(source)) {
    const reader = new TermReader(source, match.index + match[0].length);
    const name = reader.term();
    reader.expect(",");
    const elem = reader.term();
    reader.expect(")");
    if (name.kind !== "atom") throw reader.error("an -xml form's name must be an atom");
    forms.push({ name: name.value, elem, line: lineOf(source, match.index) });
  }
  return forms;
}

/**
 * The values of a decoder function written as clauses on binary literals,
 * `dec_x(<<"a">>) -> a; dec_x(<<"b">>) -> b.`; `catchAll` when a clause takes any value.
 */
export function decoderClauses(source: string, functionName: string): { values: string[]; catchAll: boolean } | undefined {
  const clause = new RegExp(`^${functionName}\\((<<"([^"]*)">>|_|[A-Z]\\w*)\\)\\s*->`, "gm");
  const values: string[] = [];
  let catchAll = false;
  for (const match of source.matchAll(clause)) {
    if (match[2] !== undefined) values.push(match[2]);
    else catchAll = true;
  }
  return values.length > 0 ? { values, catchAll } : undefined;
}

function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let index = source.indexOf("\n"); index >= 0 && index < offset; index = source.indexOf("\n", index + 1)) line++;
  return line;
}

class TermReader {
  constructor(private readonly source: string, private offset: number) {}

  error(message: string): Error {
    return new Error(`xmpp_codec.spec line ${lineOf(this.source, this.offset)}: ${message}`);
  }

  private skipSpace(): void {
    for (;;) {
      const rest = /^(?:\s+|%[^\n]*)/.exec(this.source.slice(this.offset, this.offset + 400));
      if (!rest || rest[0].length === 0) return;
      this.offset += rest[0].length;
    }
  }

  private peek(): string {
    this.skipSpace();
    return this.source[this.offset] ?? "";
  }

  expect(token: string): void {
    this.skipSpace();
    if (!this.source.startsWith(token, this.offset)) throw this.error(`expected "${token}"`);
    this.offset += token.length;
  }

  private accept(token: string): boolean {
    this.skipSpace();
    if (!this.source.startsWith(token, this.offset)) return false;
    this.offset += token.length;
    return true;
  }

  term(): Term {
    const next = this.peek();
    if (this.source.startsWith("<<", this.offset)) return this.binary();
    if (next === "[") return { kind: "list", items: this.sequence("[", "]") };
    if (next === "{") return { kind: "tuple", items: this.sequence("{", "}") };
    if (next === "#") return this.record();
    if (next === "'") return { kind: "atom", value: this.quoted("'") };
    if (next === '"') return { kind: "string", value: this.quoted('"') };
    if (next === "$") {
      // A character literal, `$ ` or `$a`: its code.
      const code = this.source.codePointAt(this.offset + 1) ?? 0;
      this.offset += 2;
      return { kind: "integer", value: code };
    }
    const integer = /^-?\d+/.exec(this.source.slice(this.offset, this.offset + 30));
    if (integer) {
      this.offset += integer[0].length;
      return { kind: "integer", value: Number(integer[0]) };
    }
    const atom = /^[a-z][\w@]*(?::[a-z][\w@]*)?/.exec(this.source.slice(this.offset, this.offset + 200));
    if (atom) {
      this.offset += atom[0].length;
      return { kind: "atom", value: atom[0] };
    }
    throw this.error(`unexpected "${this.source.slice(this.offset, this.offset + 20)}"`);
  }

  private binary(): Term {
    this.expect("<<");
    const value = this.peek() === '"' ? this.quoted('"') : "";
    this.expect(">>");
    return { kind: "binary", value };
  }

  private quoted(quote: string): string {
    this.expect(quote);
    let value = "";
    while (this.offset < this.source.length && this.source[this.offset] !== quote) {
      if (this.source[this.offset] === "\\") this.offset++;
      value += this.source[this.offset];
      this.offset++;
    }
    this.expect(quote);
    return value;
  }

  private sequence(open: string, close: string): Term[] {
    this.expect(open);
    const items: Term[] = [];
    if (this.accept(close)) return items;
    do items.push(this.term());
    while (this.accept(","));
    this.expect(close);
    return items;
  }

  private record(): Term {
    this.expect("#");
    const name = /^[a-z]\w*/.exec(this.source.slice(this.offset, this.offset + 100));
    if (!name) throw this.error("expected a record name after #");
    this.offset += name[0].length;
    this.expect("{");
    const fields = new Map<string, Term>();
    if (!this.accept("}")) {
      do {
        this.skipSpace();
        const field = /^[a-z]\w*/.exec(this.source.slice(this.offset, this.offset + 100));
        if (!field) throw this.error(`expected a field name in #${name[0]}{}`);
        this.offset += field[0].length;
        this.expect("=");
        fields.set(field[0], this.term());
      } while (this.accept(","));
      this.expect("}");
    }
    return { kind: "record", name: name[0], fields };
  }
}
