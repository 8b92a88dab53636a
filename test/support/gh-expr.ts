// A small evaluator of GitHub Actions expressions, enough for the `if:` conditions of workflow
// steps: literals, context paths (`steps.heal.outputs.backup-name`, `a['b']`), `!`, `&&`, `||`,
// `==`, `!=`, `<`, `<=`, `>`, `>=`, parentheses, the status functions and the string functions
// contains/startsWith/endsWith. Comparison and truthiness follow GitHub's documented rules
// (strings compare case-insensitively; mixed types compare as numbers; `&&`/`||` return operands).

export type Value = string | number | boolean | null | Value[] | { [k: string]: Value };

export interface Status {
  /** true when a step before this one failed (job status failure). */
  failed: boolean;
  cancelled: boolean;
}

export interface Scope {
  context: Record<string, Value>;
  status: Status;
}

type Token = { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'op'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === "'") {
      let s = '';
      i += 1;
      for (;;) {
        if (i >= src.length) throw new Error(`unterminated string in ${src}`);
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        s += src[i];
        i += 1;
      }
      out.push({ t: 'str', v: s });
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^-?(0x[0-9a-f]+|[0-9]+(\.[0-9]+)?(e[+-]?[0-9]+)?)/i.exec(src.slice(i))!;
      out.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i))!;
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else {
      const two = src.slice(i, i + 2);
      if (['&&', '||', '==', '!=', '<=', '>='].includes(two)) {
        out.push({ t: 'op', v: two });
        i += 2;
      } else if ('!<>()[].,*'.includes(c)) {
        out.push({ t: 'op', v: c });
        i += 1;
      } else {
        throw new Error(`unexpected ${JSON.stringify(c)} in ${src}`);
      }
    }
  }
  return out;
}

export type Node =
  | { k: 'lit'; v: Value }
  | { k: 'ctx'; name: string }
  | { k: 'prop'; obj: Node; key: Node }
  | { k: 'call'; fn: string; args: Node[] }
  | { k: 'not'; e: Node }
  | { k: 'bin'; op: string; l: Node; r: Node };

class Parser {
  private i = 0;
  constructor(
    private readonly toks: Token[],
    private readonly src: string,
  ) {}

  parse(): Node {
    const n = this.or();
    if (this.i !== this.toks.length) throw new Error(`unexpected ${JSON.stringify(this.toks[this.i])} in ${this.src}`);
    return n;
  }
  private peek(v: string): boolean {
    const t = this.toks[this.i];
    return t?.t === 'op' && t.v === v;
  }
  private eat(v: string): void {
    if (!this.peek(v)) throw new Error(`expected ${v} in ${this.src}`);
    this.i += 1;
  }
  private or(): Node {
    let l = this.and();
    while (this.peek('||')) {
      this.i += 1;
      l = { k: 'bin', op: '||', l, r: this.and() };
    }
    return l;
  }
  private and(): Node {
    let l = this.eq();
    while (this.peek('&&')) {
      this.i += 1;
      l = { k: 'bin', op: '&&', l, r: this.eq() };
    }
    return l;
  }
  private eq(): Node {
    let l = this.cmp();
    while (this.peek('==') || this.peek('!=')) {
      const op = (this.toks[this.i++] as { v: string }).v;
      l = { k: 'bin', op, l, r: this.cmp() };
    }
    return l;
  }
  private cmp(): Node {
    let l = this.unary();
    while (['<', '<=', '>', '>='].some((o) => this.peek(o))) {
      const op = (this.toks[this.i++] as { v: string }).v;
      l = { k: 'bin', op, l, r: this.unary() };
    }
    return l;
  }
  private unary(): Node {
    if (this.peek('!')) {
      this.i += 1;
      return { k: 'not', e: this.unary() };
    }
    return this.postfix();
  }
  private postfix(): Node {
    let n = this.primary();
    for (;;) {
      if (this.peek('.')) {
        this.i += 1;
        const t = this.toks[this.i++];
        if (t?.t !== 'id') throw new Error(`expected a property name in ${this.src}`);
        n = { k: 'prop', obj: n, key: { k: 'lit', v: t.v } };
      } else if (this.peek('[')) {
        this.i += 1;
        const key = this.or();
        this.eat(']');
        n = { k: 'prop', obj: n, key };
      } else {
        return n;
      }
    }
  }
  private primary(): Node {
    const t = this.toks[this.i++];
    if (!t) throw new Error(`unexpected end of ${this.src}`);
    if (t.t === 'str' || t.t === 'num') return { k: 'lit', v: t.v };
    if (t.t === 'op' && t.v === '(') {
      const n = this.or();
      this.eat(')');
      return n;
    }
    if (t.t === 'id') {
      if (t.v === 'true' || t.v === 'false') return { k: 'lit', v: t.v === 'true' };
      if (t.v === 'null') return { k: 'lit', v: null };
      if (this.peek('(')) {
        this.i += 1;
        const args: Node[] = [];
        while (!this.peek(')')) {
          args.push(this.or());
          if (!this.peek(')')) this.eat(',');
        }
        this.eat(')');
        return { k: 'call', fn: t.v.toLowerCase(), args };
      }
      return { k: 'ctx', name: t.v };
    }
    throw new Error(`unexpected ${JSON.stringify(t)} in ${this.src}`);
  }
}

const STATUS_FNS = ['success', 'failure', 'always', 'cancelled'];

/** Strips `${{ }}` around a whole condition, as GitHub does for `if:`. */
export function unwrap(cond: string): string {
  const m = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(cond);
  return (m ? m[1]! : cond).trim();
}

export function parseExpr(src: string): Node {
  return new Parser(tokenize(unwrap(src)), src).parse();
}

function usesStatus(n: Node): boolean {
  switch (n.k) {
    case 'call':
      return STATUS_FNS.includes(n.fn) || n.args.some(usesStatus);
    case 'not':
      return usesStatus(n.e);
    case 'bin':
      return usesStatus(n.l) || usesStatus(n.r);
    case 'prop':
      return usesStatus(n.obj) || usesStatus(n.key);
    default:
      return false;
  }
}

export function truthy(v: Value): boolean {
  if (v === null || v === false || v === '' || v === 0) return false;
  if (typeof v === 'number' && Number.isNaN(v)) return false;
  return true;
}

function toNumber(v: Value): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? 0 : Number(v);
  return NaN;
}

function compare(op: string, a: Value, b: Value): boolean {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    return op === '==' ? a === b : op === '!=' ? a !== b : false;
  }
  let x: string | number;
  let y: string | number;
  if (typeof a === 'string' && typeof b === 'string') {
    x = a.toLowerCase();
    y = b.toLowerCase();
  } else {
    x = toNumber(a);
    y = toNumber(b);
  }
  switch (op) {
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

function str(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function ev(n: Node, s: Scope): Value {
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'ctx':
      return s.context[n.name] ?? null;
    case 'prop': {
      const o = ev(n.obj, s);
      const key = str(ev(n.key, s));
      if (o === null || typeof o !== 'object' || Array.isArray(o)) return null;
      return o[key] ?? null;
    }
    case 'not':
      return !truthy(ev(n.e, s));
    case 'bin': {
      if (n.op === '&&') {
        const l = ev(n.l, s);
        return truthy(l) ? ev(n.r, s) : l;
      }
      if (n.op === '||') {
        const l = ev(n.l, s);
        return truthy(l) ? l : ev(n.r, s);
      }
      return compare(n.op, ev(n.l, s), ev(n.r, s));
    }
    case 'call': {
      const a = n.args.map((x) => ev(x, s));
      switch (n.fn) {
        case 'success':
          return !s.status.failed && !s.status.cancelled;
        case 'failure':
          return s.status.failed && !s.status.cancelled;
        case 'cancelled':
          return s.status.cancelled;
        case 'always':
          return true;
        case 'contains':
          if (Array.isArray(a[0])) return a[0].some((x) => compare('==', x, a[1] ?? null));
          return str(a[0] ?? null)
            .toLowerCase()
            .includes(str(a[1] ?? null).toLowerCase());
        case 'startswith':
          return str(a[0] ?? null)
            .toLowerCase()
            .startsWith(str(a[1] ?? null).toLowerCase());
        case 'endswith':
          return str(a[0] ?? null)
            .toLowerCase()
            .endsWith(str(a[1] ?? null).toLowerCase());
        default:
          throw new Error(`function ${n.fn} is not supported by this evaluator`);
      }
    }
  }
}

/**
 * Whether a step with this `if:` runs. Like GitHub: no condition means `success()`; a condition
 * without a status function is `success() && (condition)`; a cancelled run skips every step
 * whose condition does not call a status function that holds on cancellation.
 */
export function stepRuns(cond: string | undefined, s: Scope): boolean {
  if (cond === undefined || String(cond).trim() === '') return !s.status.failed && !s.status.cancelled;
  const n = parseExpr(String(cond));
  const full: Node = usesStatus(n) ? n : { k: 'bin', op: '&&', l: { k: 'call', fn: 'success', args: [] }, r: n };
  return truthy(ev(full, s));
}
