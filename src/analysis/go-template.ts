// Go's text/template parser (text/template/parse: lex.go and parse.go), as Prometheus runs it on every label and
// annotation of an alerting rule when it loads the rule file: same tokens, same grammar, same checks at parse
// time (undefined functions and variables, misplaced else/end/break, non-executable pipeline stages, malformed
// literals), the first error ending the parse as in Go. It builds no tree, only what lint needs: the first
// error, the tokens (for label references) and where fields of dot are read. It is stricter than Go in two
// places, never looser: names are ASCII letters, digits and `_` (Go also takes other letters), and number
// literals are decimal or 0x hex, without `_`, octal, binary, hex floats or imaginary parts.
import { goCharConstantProblem, unquoteGo } from './go-string.js';
import type { Span } from './promql/parse.js';

const keywords = ['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'nil', 'range', 'template', 'with'] as const;
type Keyword = (typeof keywords)[number];
const keywordSet = new Set<string>(keywords);

export type TokenKind =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'pipe'
  | 'assign'
  | 'declare'
  | 'leftParen'
  | 'rightParen'
  | 'char'
  | 'string'
  | 'rawString'
  | 'charConstant'
  | 'number'
  | 'complex'
  | 'bool'
  | 'variable'
  | 'field'
  | 'identifier'
  | 'dot'
  | 'eof'
  | 'error'
  | Keyword;

export interface Token extends Span {
  kind: TokenKind;
  text: string;
  /** For errors: what the lexer rejected. */
  message?: string;
  /** Where the action holding the token opens (its `{{`), for tokens inside actions. */
  action?: number;
}

export interface TemplateError extends Span {
  message: string;
  /** The error is inside an action that no `}}` after it closes: where that action opens. */
  unclosedAction?: number;
}

export interface ParsedTemplate {
  tokens: Token[];
  /** The first error, as Go reports only that one. */
  error: TemplateError | undefined;
  /** `.Name` read from dot where dot is the template's data (not inside range, with or a sub-template). */
  dataFields: Token[];
}

export interface TemplateScope {
  functions: ReadonlySet<string>;
  /** Variables declared before the text, as Prometheus declares $labels, $value, …; `$` is always there. */
  variables: readonly string[];
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlphaNumeric = (c: string | undefined) =>
  c !== undefined && c.length === 1 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_');
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const hasLeftTrimMarker = (text: string, at: number) => text[at] === '-' && isSpace(text[at + 1]);
const hasRightTrimMarker = (text: string, at: number) => isSpace(text[at]) && text[at + 1] === '-';
const codePointAt = (text: string, at: number) => String.fromCodePoint(text.codePointAt(at)!);
const describeChar = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} ${JSON.stringify(c)}`;

/** All tokens of a template, ending with eof or with the first lexer error, as Go's lexer emits them. */
function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let start = 0;
  let action = -1;
  let parenDepth = 0;
  const emit = (kind: TokenKind) => {
    tokens.push({ kind, from: start, to: pos, text: text.slice(start, pos), ...(action >= 0 ? { action } : {}) });
    start = pos;
  };
  const fail = (message: string, from = start, to = Math.max(pos, from + 1)): Token[] => {
    tokens.push({
      kind: 'error',
      from,
      to: Math.min(to, text.length),
      text: text.slice(from, to),
      message,
      ...(action >= 0 ? { action } : {}),
    });
    return tokens;
  };
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (hasRightTrimMarker(text, pos) && text.startsWith('}}', pos + 2)) return { delim: true, trim: true };
    return { delim: text.startsWith('}}', pos), trim: false };
  };
  const atTerminator = () => {
    const c = text[pos];
    return c === undefined || isSpace(c) || '.,|:)('.includes(c) || text.startsWith('}}', pos);
  };
  const skipLeadingSpace = () => {
    while (isSpace(text[pos])) pos += 1;
    start = pos;
  };
  const accept = (valid: string) => {
    if (text[pos] !== undefined && valid.includes(text[pos]!)) {
      pos += 1;
      return true;
    }
    return false;
  };
  const acceptRun = (valid: string) => {
    while (accept(valid));
  };
  const scanNumber = (): boolean => {
    accept('+-');
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    if (accept('.')) acceptRun(digits);
    if (digits.length === 11 && accept('eE')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    accept('i');
    if (isAlphaNumeric(text[pos])) {
      pos += 1;
      return false;
    }
    return true;
  };
  /** After the opening quote: to the closing one; false when the line or the text ends first. */
  const scanQuoted = (quote: string): boolean => {
    for (;;) {
      const c = text[pos];
      pos += 1;
      if (c === '\\') {
        if (text[pos] === undefined || text[pos] === '\n') return false;
        pos += text[pos] === undefined ? 0 : codePointAt(text, pos).length;
      } else if (c === undefined || c === '\n') return false;
      else if (c === quote) return true;
    }
  };

  for (;;) {
    if (action < 0) {
      // Text, up to the next action.
      const open = text.indexOf('{{', pos);
      if (open < 0) {
        pos = text.length;
        if (pos > start) emit('text');
        emit('eof');
        return tokens;
      }
      let textEnd = open;
      if (hasLeftTrimMarker(text, open + 2)) while (textEnd > start && isSpace(text[textEnd - 1])) textEnd -= 1;
      if (textEnd > start) {
        pos = textEnd;
        emit('text');
      }
      pos = open + 2;
      const afterMarker = hasLeftTrimMarker(text, pos) ? 2 : 0;
      if (text.startsWith('/*', pos + afterMarker)) {
        start = open;
        const close = text.indexOf('*/', pos + afterMarker + 2);
        if (close < 0) return fail('unclosed comment', open, text.length);
        pos = close + 2;
        const { delim, trim } = atRightDelim();
        if (!delim) return fail('comment ends before closing delimiter', open, pos);
        pos += (trim ? 2 : 0) + 2;
        if (trim) skipLeadingSpace();
        start = pos;
        continue;
      }
      start = open;
      action = open;
      emit('leftDelim');
      pos += afterMarker;
      start = pos;
      parenDepth = 0;
      continue;
    }
    // Inside an action.
    const { delim, trim } = atRightDelim();
    if (delim) {
      if (parenDepth !== 0) return fail('unclosed left paren', pos, pos + 2);
      if (trim) {
        pos += 2;
        start = pos;
      }
      pos += 2;
      emit('rightDelim');
      if (trim) skipLeadingSpace();
      action = -1;
      continue;
    }
    const c = text[pos];
    if (c === undefined) return fail('unclosed action', action, text.length);
    if (isSpace(c)) {
      let spaces = 0;
      while (isSpace(text[pos])) {
        pos += 1;
        spaces += 1;
      }
      // A trim-marked closing delimiter starts with a space: leave it to the delimiter.
      if (hasRightTrimMarker(text, pos - 1) && text.startsWith('}}', pos + 1)) {
        pos -= 1;
        if (spaces === 1) continue;
      }
      emit('space');
      continue;
    }
    pos += c.length;
    if (c === '=') emit('assign');
    else if (c === ':') {
      if (text[pos] !== '=') return fail('expected :=', start, pos + 1);
      pos += 1;
      emit('declare');
    } else if (c === '|') emit('pipe');
    else if (c === '"' || c === "'") {
      if (!scanQuoted(c)) {
        return fail(c === '"' ? 'unterminated quoted string' : 'unterminated character constant', start, text.length);
      }
      emit(c === '"' ? 'string' : 'charConstant');
    } else if (c === '`') {
      const close = text.indexOf('`', pos);
      if (close < 0) return fail('unterminated raw quoted string', start, text.length);
      pos = close + 1;
      emit('rawString');
    } else if (c === '$' || (c === '.' && !isDigit(text[pos]))) {
      // A variable or field: `$`, `.` alone, or followed by a name.
      if (atTerminator()) emit(c === '$' ? 'variable' : 'dot');
      else {
        while (isAlphaNumeric(text[pos])) pos += 1;
        if (!atTerminator()) return fail(`bad character ${describeChar(codePointAt(text, pos))}`, pos, pos + 1);
        emit(c === '$' ? 'variable' : 'field');
      }
    } else if (c === '.' || c === '+' || c === '-' || isDigit(c)) {
      pos = start;
      if (!scanNumber()) return fail(`bad number syntax: ${JSON.stringify(text.slice(start, pos))}`);
      if (text[pos] === '+' || text[pos] === '-') {
        if (!scanNumber() || text[pos - 1] !== 'i') return fail(`bad number syntax: ${JSON.stringify(text.slice(start, pos))}`);
        emit('complex');
      } else emit('number');
    } else if (isAlphaNumeric(c)) {
      while (isAlphaNumeric(text[pos])) pos += 1;
      if (!atTerminator()) return fail(`bad character ${describeChar(codePointAt(text, pos))}`, pos, pos + 1);
      const word = text.slice(start, pos);
      emit(keywordSet.has(word) ? (word as Keyword) : word === 'true' || word === 'false' ? 'bool' : 'identifier');
    } else if (c === '(') {
      parenDepth += 1;
      emit('leftParen');
    } else if (c === ')') {
      parenDepth -= 1;
      if (parenDepth < 0) return fail('unexpected right paren');
      emit('rightParen');
    } else if (c >= ' ' && c <= '~') emit('char');
    else return fail(`unrecognized character in action: ${describeChar(codePointAt(text, start))}`);
  }
}

class ParseError extends Error {
  constructor(
    readonly span: Span,
    message: string,
    readonly token?: Token,
  ) {
    super(message);
  }
}

/** How Go's errors print a token: `<if>` for keywords, quoted otherwise. */
function describeToken(token: Token): string {
  if (token.kind === 'eof') return 'EOF';
  if (keywordSet.has(token.kind)) return `<${token.text}>`;
  if (token.kind === 'dot') return '<.>';
  return token.text.length > 10 ? `${JSON.stringify(token.text.slice(0, 10))}...` : JSON.stringify(token.text);
}

/** What an {{end}} or {{else}} action ends; every other node is just 'other'. */
type BlockEnd = { kind: 'end' | 'else'; token: Token };
type Node = BlockEnd | { kind: 'other' };
type Operand = 'bool' | 'dot' | 'nil' | 'number' | 'string' | 'field' | 'variable' | 'identifier' | 'pipe' | 'chain';

/** The parser of parse.go over the token list: a recursive descent that throws ParseError at the first error. */
class Parser {
  private at = 0;
  private vars: string[];
  private rangeDepth = 0;
  /** Open if/range/with/define/block keywords, innermost last: what an unexpected end of text leaves open. */
  private readonly open: Token[] = [];
  /** Depth of range/with bodies and sub-templates, where dot is not the template's data. */
  private dotChanged = 0;
  private readonly defined = new Set<string>();
  readonly dataFields: Token[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly scope: TemplateScope,
  ) {
    this.vars = ['$', ...scope.variables];
  }

  /** The token at `at`; past the end, the last one (eof or the lexer's error) again. */
  private tokenAt(at: number): Token {
    return this.tokens[Math.min(at, this.tokens.length - 1)]!;
  }
  private next(): Token {
    this.at += 1;
    return this.tokenAt(this.at - 1);
  }
  private peek(): Token {
    return this.tokenAt(this.at);
  }
  private backup(): void {
    this.at -= 1;
  }
  private nextNonSpace(): Token {
    let token = this.next();
    while (token.kind === 'space') token = this.next();
    return token;
  }
  private peekNonSpace(): Token {
    while (this.peek().kind === 'space') this.next();
    return this.peek();
  }
  private fail(span: Span, message: string, token?: Token): never {
    throw new ParseError({ from: span.from, to: span.to }, message, token);
  }
  private unexpected(token: Token, context: string): never {
    if (token.kind === 'error') this.fail(token, token.message!, token);
    this.fail(token, `unexpected ${describeToken(token)} in ${context}`, token);
  }
  private expect(kind: TokenKind, context: string): Token {
    const token = this.nextNonSpace();
    if (token.kind !== kind) this.unexpected(token, context);
    return token;
  }

  parse(): void {
    while (this.peek().kind !== 'eof') {
      if (this.peek().kind === 'leftDelim') {
        const delim = this.at;
        this.next();
        const keyword = this.nextNonSpace();
        if (keyword.kind === 'define') {
          this.parseDefinition(keyword);
          continue;
        }
        this.at = delim;
      }
      const node = this.textOrAction();
      if (node.kind !== 'other') this.fail(node.token, `unexpected {{${node.kind}}}`, node.token);
    }
  }

  /** A sub-template ({{define}} or {{block}}): its own variables, and dot is whatever it is called with. */
  private subTemplate(keyword: Token, name: string, context: string): void {
    if (this.defined.has(name)) this.fail(keyword, `template: multiple definition of template ${JSON.stringify(name)}`);
    this.defined.add(name);
    const [vars, rangeDepth] = [this.vars, this.rangeDepth];
    this.vars = ['$'];
    this.rangeDepth = 0;
    this.dotChanged += 1;
    this.open.push(keyword);
    const end = this.itemList();
    if (end.kind !== 'end') this.fail(end.token, `unexpected {{${end.kind}}} in ${context}`, end.token);
    this.open.pop();
    this.dotChanged -= 1;
    [this.vars, this.rangeDepth] = [vars, rangeDepth];
  }

  private parseDefinition(keyword: Token): void {
    const context = 'define clause';
    const nameToken = this.nextNonSpace();
    if (nameToken.kind !== 'string' && nameToken.kind !== 'rawString') this.unexpected(nameToken, context);
    const name = this.stringValue(nameToken);
    // Prometheus names the template of the text itself __alert_<alert name>.
    if (name.startsWith('__alert_')) this.fail(nameToken, `template: multiple definition of template ${JSON.stringify(name)}`);
    this.expect('rightDelim', context);
    this.subTemplate(keyword, name, context);
  }

  private itemList(): BlockEnd {
    while (this.peekNonSpace().kind !== 'eof') {
      const node = this.textOrAction();
      if (node.kind !== 'other') return node;
    }
    const open = this.open.at(-1)!;
    this.fail(open, `unexpected EOF`, open);
  }

  private textOrAction(): Node {
    const token = this.nextNonSpace();
    if (token.kind === 'text') return { kind: 'other' };
    if (token.kind === 'leftDelim') return this.action();
    this.unexpected(token, 'input');
  }

  private action(): Node {
    const token = this.nextNonSpace();
    switch (token.kind) {
      case 'block':
        return this.blockControl(token);
      case 'break':
      case 'continue': {
        const after = this.nextNonSpace();
        if (after.kind !== 'rightDelim') this.unexpected(after, `{{${token.kind}}}`);
        if (this.rangeDepth === 0) this.fail(token, `{{${token.kind}}} outside {{range}}`, token);
        return { kind: 'other' };
      }
      case 'else': {
        // {{else if …}} is read as {{else}}{{if …}}: the `if` is left for parseControl.
        if (this.peekNonSpace().kind !== 'if') this.expect('rightDelim', 'else');
        return { kind: 'else', token };
      }
      case 'end':
        this.expect('rightDelim', 'end');
        return { kind: 'end', token };
      case 'if':
      case 'range':
      case 'with':
        this.parseControl(token);
        return { kind: 'other' };
      case 'template': {
        const context = 'template clause';
        const name = this.nextNonSpace();
        if (name.kind !== 'string' && name.kind !== 'rawString') this.unexpected(name, context);
        this.stringValue(name);
        if (this.nextNonSpace().kind !== 'rightDelim') {
          this.backup();
          this.pipeline(context, 'rightDelim');
        }
        return { kind: 'other' };
      }
      default:
        this.backup();
        this.pipeline('command', 'rightDelim');
        return { kind: 'other' };
    }
  }

  private parseControl(keyword: Token): void {
    const context = keyword.kind as 'if' | 'range' | 'with';
    const varsBefore = this.vars.length;
    this.pipeline(context, 'rightDelim');
    this.open.push(keyword);
    const changesDot = context !== 'if';
    if (context === 'range') this.rangeDepth += 1;
    if (changesDot) this.dotChanged += 1;
    const next = this.itemList();
    if (context === 'range') this.rangeDepth -= 1;
    if (changesDot) this.dotChanged -= 1;
    if (next.kind === 'else') {
      if (context === 'if' && this.peek().kind === 'if') {
        // One {{end}} closes the whole else-if chain.
        this.open.pop();
        this.parseControl(this.next());
        this.vars.length = varsBefore;
        return;
      }
      const last = this.itemList();
      if (last.kind !== 'end') this.fail(last.token, `expected end; found {{${last.kind}}}`, last.token);
    }
    this.open.pop();
    this.vars.length = varsBefore;
  }

  private blockControl(keyword: Token): Node {
    const context = 'block clause';
    const nameToken = this.nextNonSpace();
    if (nameToken.kind !== 'string' && nameToken.kind !== 'rawString') this.unexpected(nameToken, context);
    const name = this.stringValue(nameToken);
    this.pipeline(context, 'rightDelim');
    this.subTemplate(keyword, name, context);
    return { kind: 'other' };
  }

  private pipeline(context: string, end: TokenKind): void {
    const decls: Token[] = [];
    for (;;) {
      const variable = this.peekNonSpace();
      if (variable.kind !== 'variable') break;
      const before = this.at;
      this.next();
      const next = this.peekNonSpace();
      if (next.kind === 'assign' || next.kind === 'declare') {
        this.nextNonSpace();
        // Go accepts `$x = …` for an undeclared $x and fails only when the alert fires.
        if (next.kind === 'assign' && !this.vars.includes(variable.text))
          this.fail(variable, `undefined variable ${JSON.stringify(variable.text)}`, variable);
        decls.push(variable);
        this.vars.push(variable.text);
      } else if (next.kind === 'char' && next.text === ',') {
        this.nextNonSpace();
        decls.push(variable);
        this.vars.push(variable.text);
        if (context === 'range' && decls.length < 2) {
          const after = this.peekNonSpace().kind;
          if (after === 'variable' || after === 'rightDelim' || after === 'rightParen') continue;
          this.fail(next, 'range can only initialize variables', next);
        }
        this.fail(next, `too many declarations in ${context}`, next);
      } else this.at = before;
      break;
    }
    const commands: Operand[] = [];
    for (;;) {
      const token = this.nextNonSpace();
      if (token.kind === end) {
        if (commands.length === 0) this.fail(token, `missing value for ${context}`, token);
        const stage = commands.findIndex((first, i) => i > 0 && ['bool', 'dot', 'nil', 'number', 'string'].includes(first));
        if (stage > 0) this.fail(token, `non executable command in pipeline stage ${stage + 1}`, token);
        return;
      }
      switch (token.kind) {
        case 'bool':
        case 'charConstant':
        case 'complex':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup();
          commands.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  /** A command; its first operand's kind, which decides whether a pipeline stage can run. */
  private command(): Operand {
    const operands: Operand[] = [];
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) operands.push(operand);
      const token = this.next();
      if (token.kind === 'space') continue;
      if (token.kind === 'rightDelim' || token.kind === 'rightParen') this.backup();
      else if (token.kind !== 'pipe') this.unexpected(token, 'operand');
      break;
    }
    if (operands.length === 0) this.fail(this.peek(), 'empty command');
    return operands[0]!;
  }

  private operand(): Operand | undefined {
    const start = this.peek();
    const term = this.term();
    if (!term) return undefined;
    if (this.peek().kind !== 'field') return term;
    while (this.peek().kind === 'field') this.next();
    if (term === 'field' || term === 'variable') return term;
    if (term === 'bool' || term === 'string' || term === 'number' || term === 'nil' || term === 'dot') {
      this.fail(start, `unexpected . after term ${JSON.stringify(start.text)}`, start);
    }
    return 'chain';
  }

  private term(): Operand | undefined {
    const token = this.nextNonSpace();
    switch (token.kind) {
      case 'identifier':
        if (!this.scope.functions.has(token.text)) this.fail(token, `function ${JSON.stringify(token.text)} not defined`, token);
        return 'identifier';
      case 'dot':
        return 'dot';
      case 'nil':
        return 'nil';
      case 'variable':
        if (!this.vars.includes(token.text)) this.fail(token, `undefined variable ${JSON.stringify(token.text)}`, token);
        return 'variable';
      case 'field':
        if (this.dotChanged === 0) this.dataFields.push(token);
        return 'field';
      case 'bool':
        return 'bool';
      case 'charConstant': {
        const problem = goCharConstantProblem(token.text);
        if (problem) this.fail(token, problem, token);
        return 'number';
      }
      case 'complex':
      case 'number': {
        const problem = numberProblem(token.text);
        if (problem) this.fail(token, problem, token);
        return 'number';
      }
      case 'leftParen':
        this.pipeline('parenthesized pipeline', 'rightParen');
        return 'pipe';
      case 'string':
      case 'rawString':
        this.stringValue(token);
        return 'string';
      default:
        this.backup();
        return undefined;
    }
  }

  private stringValue(token: Token): string {
    const unquoted = unquoteGo(token.text);
    if (!unquoted.ok)
      this.fail(
        { from: token.from + unquoted.from, to: token.from + unquoted.to },
        `invalid string ${token.text}: ${unquoted.message}`,
        token,
      );
    return unquoted.value;
  }
}

const maxUint64 = 2n ** 64n - 1n;
const decimalInteger = /^[+-]?(?:0|[1-9][0-9]*)$/;
const hexInteger = /^[+-]?0[xX][0-9a-fA-F]+$/;
const decimalFloat = /^[+-]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+)$/;

/**
 * Why a number literal is rejected: by Go (strconv: an integer outside int64 and uint64, a float outside
 * float64), or by intgen, which takes only decimal and 0x hex numbers.
 */
function numberProblem(text: string): string | undefined {
  if (decimalInteger.test(text) || hexInteger.test(text)) {
    const sign = text[0] === '-' || text[0] === '+' ? text[0] : '';
    const magnitude = BigInt(text.slice(sign.length));
    // Unsigned without a sign; a sign makes Go parse it as int64.
    const limit = sign === '' ? maxUint64 : sign === '-' ? 2n ** 63n : 2n ** 63n - 1n;
    return magnitude <= limit ? undefined : `integer overflow: ${JSON.stringify(text)}`;
  }
  if (decimalFloat.test(text))
    return Number.isFinite(Number(text)) ? undefined : `illegal number syntax: ${JSON.stringify(text)} is beyond float64`;
  return `number ${JSON.stringify(text)}: write numbers in decimal, such as 1, -2.5 or 1e3 (or 0x1F)`;
}

/** Lexes and parses `text` as Prometheus parses an alert's label or annotation template. */
export function parseGoTemplate(text: string, scope: TemplateScope): ParsedTemplate {
  const tokens = lex(text);
  const parser = new Parser(tokens, scope);
  try {
    parser.parse();
    return { tokens, error: undefined, dataFields: parser.dataFields };
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    const token = error.token;
    const unclosedAction = token?.action !== undefined && !text.includes('}}', token.action + 2) ? token.action : undefined;
    return {
      tokens,
      error: { ...error.span, message: error.message, ...(unclosedAction === undefined ? {} : { unclosedAction }) },
      dataFields: parser.dataFields,
    };
  }
}
