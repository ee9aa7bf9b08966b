#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 6:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const pico = __nccwpck_require__(16);
const utils = __nccwpck_require__(59);

function picomatch(glob, options, returnState = false) {
  // default to os.platform()
  if (options && (options.windows === null || options.windows === undefined)) {
    // don't mutate the original options object
    options = { ...options, windows: utils.isWindows() };
  }

  return pico(glob, options, returnState);
}

Object.assign(picomatch, pico);
module.exports = picomatch;


/***/ }),

/***/ 595:
/***/ ((module) => {



const WIN_SLASH = '\\\\/';
const WIN_NO_SLASH = `[^${WIN_SLASH}]`;

const DEFAULT_MAX_EXTGLOB_RECURSION = 0;

/**
 * Posix glob regex
 */

const DOT_LITERAL = '\\.';
const PLUS_LITERAL = '\\+';
const QMARK_LITERAL = '\\?';
const SLASH_LITERAL = '\\/';
const ONE_CHAR = '(?=.)';
const QMARK = '[^/]';
const END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
const START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
const DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
const NO_DOT = `(?!${DOT_LITERAL})`;
const NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
const NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
const NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
const QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
const STAR = `${QMARK}*?`;
const SEP = '/';

const POSIX_CHARS = {
  DOT_LITERAL,
  PLUS_LITERAL,
  QMARK_LITERAL,
  SLASH_LITERAL,
  ONE_CHAR,
  QMARK,
  END_ANCHOR,
  DOTS_SLASH,
  NO_DOT,
  NO_DOTS,
  NO_DOT_SLASH,
  NO_DOTS_SLASH,
  QMARK_NO_DOT,
  STAR,
  START_ANCHOR,
  SEP
};

/**
 * Windows glob regex
 */

const WINDOWS_CHARS = {
  ...POSIX_CHARS,

  SLASH_LITERAL: `[${WIN_SLASH}]`,
  QMARK: WIN_NO_SLASH,
  STAR: `${WIN_NO_SLASH}*?`,
  DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
  NO_DOT: `(?!${DOT_LITERAL})`,
  NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
  NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
  START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
  END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
  SEP: '\\'
};

/**
 * POSIX Bracket Regex
 */

const POSIX_REGEX_SOURCE = {
  __proto__: null,
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  ascii: '\\x00-\\x7F',
  blank: ' \\t',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '\\x21-\\x7E',
  lower: 'a-z',
  print: '\\x20-\\x7E ',
  punct: '\\-!"#$%&\'()\\*+,./:;<=>?@[\\]^_`{|}~',
  space: ' \\t\\r\\n\\v\\f',
  upper: 'A-Z',
  word: 'A-Za-z0-9_',
  xdigit: 'A-Fa-f0-9'
};

module.exports = {
  DEFAULT_MAX_EXTGLOB_RECURSION,
  MAX_LENGTH: 1024 * 64,
  POSIX_REGEX_SOURCE,

  // regular expressions
  REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
  REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
  REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
  REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
  REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
  REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,

  // Replace globs with equivalent patterns to reduce parsing time.
  REPLACEMENTS: {
    __proto__: null,
    '***': '*',
    '**/**': '**',
    '**/**/**': '**'
  },

  // Digits
  CHAR_0: 48, /* 0 */
  CHAR_9: 57, /* 9 */

  // Alphabet chars.
  CHAR_UPPERCASE_A: 65, /* A */
  CHAR_LOWERCASE_A: 97, /* a */
  CHAR_UPPERCASE_Z: 90, /* Z */
  CHAR_LOWERCASE_Z: 122, /* z */

  CHAR_LEFT_PARENTHESES: 40, /* ( */
  CHAR_RIGHT_PARENTHESES: 41, /* ) */

  CHAR_ASTERISK: 42, /* * */

  // Non-alphabetic chars.
  CHAR_AMPERSAND: 38, /* & */
  CHAR_AT: 64, /* @ */
  CHAR_BACKWARD_SLASH: 92, /* \ */
  CHAR_CARRIAGE_RETURN: 13, /* \r */
  CHAR_CIRCUMFLEX_ACCENT: 94, /* ^ */
  CHAR_COLON: 58, /* : */
  CHAR_COMMA: 44, /* , */
  CHAR_DOT: 46, /* . */
  CHAR_DOUBLE_QUOTE: 34, /* " */
  CHAR_EQUAL: 61, /* = */
  CHAR_EXCLAMATION_MARK: 33, /* ! */
  CHAR_FORM_FEED: 12, /* \f */
  CHAR_FORWARD_SLASH: 47, /* / */
  CHAR_GRAVE_ACCENT: 96, /* ` */
  CHAR_HASH: 35, /* # */
  CHAR_HYPHEN_MINUS: 45, /* - */
  CHAR_LEFT_ANGLE_BRACKET: 60, /* < */
  CHAR_LEFT_CURLY_BRACE: 123, /* { */
  CHAR_LEFT_SQUARE_BRACKET: 91, /* [ */
  CHAR_LINE_FEED: 10, /* \n */
  CHAR_NO_BREAK_SPACE: 160, /* \u00A0 */
  CHAR_PERCENT: 37, /* % */
  CHAR_PLUS: 43, /* + */
  CHAR_QUESTION_MARK: 63, /* ? */
  CHAR_RIGHT_ANGLE_BRACKET: 62, /* > */
  CHAR_RIGHT_CURLY_BRACE: 125, /* } */
  CHAR_RIGHT_SQUARE_BRACKET: 93, /* ] */
  CHAR_SEMICOLON: 59, /* ; */
  CHAR_SINGLE_QUOTE: 39, /* ' */
  CHAR_SPACE: 32, /*   */
  CHAR_TAB: 9, /* \t */
  CHAR_UNDERSCORE: 95, /* _ */
  CHAR_VERTICAL_LINE: 124, /* | */
  CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279, /* \uFEFF */

  /**
   * Create EXTGLOB_CHARS
   */

  extglobChars(chars) {
    return {
      '!': { type: 'negate', open: '(?:(?!(?:', close: `))${chars.STAR})` },
      '?': { type: 'qmark', open: '(?:', close: ')?' },
      '+': { type: 'plus', open: '(?:', close: ')+' },
      '*': { type: 'star', open: '(?:', close: ')*' },
      '@': { type: 'at', open: '(?:', close: ')' }
    };
  },

  /**
   * Create GLOB_CHARS
   */

  globChars(win32) {
    return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
  }
};


/***/ }),

/***/ 265:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const constants = __nccwpck_require__(595);
const utils = __nccwpck_require__(59);

/**
 * Constants
 */

const {
  MAX_LENGTH,
  POSIX_REGEX_SOURCE,
  REGEX_NON_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_BACKREF,
  REPLACEMENTS
} = constants;

/**
 * Helpers
 */

const expandRange = (args, options) => {
  if (typeof options.expandRange === 'function') {
    return options.expandRange(...args, options);
  }

  args.sort();
  const value = `[${args.join('-')}]`;

  try {
    /* eslint-disable-next-line no-new */
    new RegExp(value);
  } catch (ex) {
    return args.map(v => utils.escapeRegex(v)).join('..');
  }

  return value;
};

/**
 * Create the message for a syntax error
 */

const syntaxError = (type, char) => {
  return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
};

const splitTopLevel = input => {
  const parts = [];
  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let value = '';
  let escaped = false;

  for (const ch of input) {
    if (escaped === true) {
      value += ch;
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      value += ch;
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      value += ch;
      continue;
    }

    if (quote === 0) {
      if (ch === '[') {
        bracket++;
      } else if (ch === ']' && bracket > 0) {
        bracket--;
      } else if (bracket === 0) {
        if (ch === '(') {
          paren++;
        } else if (ch === ')' && paren > 0) {
          paren--;
        } else if (ch === '|' && paren === 0) {
          parts.push(value);
          value = '';
          continue;
        }
      }
    }

    value += ch;
  }

  parts.push(value);
  return parts;
};

const isPlainBranch = branch => {
  let escaped = false;

  for (const ch of branch) {
    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (/[?*+@!()[\]{}]/.test(ch)) {
      return false;
    }
  }

  return true;
};

const normalizeSimpleBranch = branch => {
  let value = branch.trim();
  let changed = true;

  while (changed === true) {
    changed = false;

    if (/^@\([^\\()[\]{}|]+\)$/.test(value)) {
      value = value.slice(2, -1);
      changed = true;
    }
  }

  if (!isPlainBranch(value)) {
    return;
  }

  return value.replace(/\\(.)/g, '$1');
};

const hasRepeatedCharPrefixOverlap = branches => {
  const values = branches.map(normalizeSimpleBranch).filter(Boolean);

  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      const a = values[i];
      const b = values[j];
      const char = a[0];

      if (!char || a !== char.repeat(a.length) || b !== char.repeat(b.length)) {
        continue;
      }

      if (a === b || a.startsWith(b) || b.startsWith(a)) {
        return true;
      }
    }
  }

  return false;
};

const parseRepeatedExtglob = (pattern, requireEnd = true) => {
  if ((pattern[0] !== '+' && pattern[0] !== '*') || pattern[1] !== '(') {
    return;
  }

  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let escaped = false;

  for (let i = 1; i < pattern.length; i++) {
    const ch = pattern[i];

    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      continue;
    }

    if (quote === 1) {
      continue;
    }

    if (ch === '[') {
      bracket++;
      continue;
    }

    if (ch === ']' && bracket > 0) {
      bracket--;
      continue;
    }

    if (bracket > 0) {
      continue;
    }

    if (ch === '(') {
      paren++;
      continue;
    }

    if (ch === ')') {
      paren--;

      if (paren === 0) {
        if (requireEnd === true && i !== pattern.length - 1) {
          return;
        }

        return {
          type: pattern[0],
          body: pattern.slice(2, i),
          end: i
        };
      }
    }
  }
};

const buildCharClassStar = chars => {
  const source = chars.length === 1
    ? utils.escapeRegex(chars[0])
    : `[${chars.map(ch => utils.escapeRegex(ch)).join('')}]`;

  return `${source}*`;
};

const getStarExtglobSequenceChars = pattern => {
  let index = 0;
  const chars = [];

  while (index < pattern.length) {
    const match = parseRepeatedExtglob(pattern.slice(index), false);

    if (!match || match.type !== '*') {
      return;
    }

    const branches = splitTopLevel(match.body).map(branch => branch.trim());
    if (branches.length !== 1) {
      return;
    }

    const branch = normalizeSimpleBranch(branches[0]);
    if (!branch || branch.length !== 1) {
      return;
    }

    chars.push(branch);
    index += match.end + 1;
  }

  if (chars.length < 1) {
    return;
  }

  return chars;
};

const repeatedExtglobRecursion = pattern => {
  let depth = 0;
  let value = pattern.trim();
  let match = parseRepeatedExtglob(value);

  while (match) {
    depth++;
    value = match.body.trim();
    match = parseRepeatedExtglob(value);
  }

  return depth;
};

const analyzeRepeatedExtglob = (body, options) => {
  if (options.maxExtglobRecursion === false) {
    return { risky: false };
  }

  const max =
    typeof options.maxExtglobRecursion === 'number'
      ? options.maxExtglobRecursion
      : constants.DEFAULT_MAX_EXTGLOB_RECURSION;

  const branches = splitTopLevel(body).map(branch => branch.trim());

  if (branches.length > 1) {
    if (
      branches.some(branch => branch === '') ||
      branches.some(branch => /^[*?]+$/.test(branch)) ||
      hasRepeatedCharPrefixOverlap(branches)
    ) {
      return { risky: true };
    }
  }

  // A repeated extglob is "risky" (prone to catastrophic backtracking) when a
  // branch is itself a `*(...)` sequence, since that nests an unbounded quantifier
  // inside the outer `+(...)`/`*(...)`. When *every* branch reduces to single
  // characters we can emit one flat, ReDoS-safe character class that preserves the
  // meaning of ALL branches (e.g. `+(*(a)|*(b))` -> `[ab]*`), rather than dropping
  // every branch but the first.
  const safeChars = [];
  let sawStarSequence = false;
  let combinable = true;

  for (const branch of branches) {
    const chars = getStarExtglobSequenceChars(branch);
    if (chars) {
      sawStarSequence = true;
      safeChars.push(...chars);
      continue;
    }

    const literal = normalizeSimpleBranch(branch);
    if (literal && literal.length === 1) {
      safeChars.push(literal);
      continue;
    }

    combinable = false;

    if (repeatedExtglobRecursion(branch) > max) {
      return { risky: true };
    }
  }

  if (sawStarSequence) {
    return combinable
      ? { risky: true, safeOutput: buildCharClassStar([...new Set(safeChars)]) }
      : { risky: true };
  }

  return { risky: false };
};

/**
 * Parse the given input string.
 * @param {String} input
 * @param {Object} options
 * @return {Object}
 */

const parse = (input, options) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected a string');
  }

  input = REPLACEMENTS[input] || input;

  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;

  let len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  const bos = { type: 'bos', value: '', output: opts.prepend || '' };
  const tokens = [bos];

  const capture = opts.capture ? '' : '?:';

  // create constants based on platform, for windows or posix
  const PLATFORM_CHARS = constants.globChars(opts.windows);
  const EXTGLOB_CHARS = constants.extglobChars(PLATFORM_CHARS);

  const {
    DOT_LITERAL,
    PLUS_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOT_SLASH,
    NO_DOTS_SLASH,
    QMARK,
    QMARK_NO_DOT,
    STAR,
    START_ANCHOR
  } = PLATFORM_CHARS;

  const globstar = opts => {
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const nodot = opts.dot ? '' : NO_DOT;
  const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
  let star = opts.bash === true ? globstar(opts) : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  // minimatch options support
  if (typeof opts.noext === 'boolean') {
    opts.noextglob = opts.noext;
  }

  const state = {
    input,
    index: -1,
    start: 0,
    dot: opts.dot === true,
    consumed: '',
    output: '',
    prefix: '',
    backtrack: false,
    negated: false,
    brackets: 0,
    braces: 0,
    parens: 0,
    quotes: 0,
    globstar: false,
    tokens
  };

  input = utils.removePrefix(input, state);
  len = input.length;

  const extglobs = [];
  const braces = [];
  const stack = [];
  let prev = bos;
  let value;

  /**
   * Tokenizing helpers
   */

  const eos = () => state.index === len - 1;
  const peek = state.peek = (n = 1) => input[state.index + n];
  const advance = state.advance = () => input[++state.index] || '';
  const remaining = () => input.slice(state.index + 1);
  const consume = (value = '', num = 0) => {
    state.consumed += value;
    state.index += num;
  };

  const append = token => {
    state.output += token.output != null ? token.output : token.value;
    consume(token.value);
  };

  const negate = () => {
    let count = 1;

    while (peek() === '!' && (peek(2) !== '(' || peek(3) === '?')) {
      advance();
      state.start++;
      count++;
    }

    if (count % 2 === 0) {
      return false;
    }

    state.negated = true;
    state.start++;
    return true;
  };

  const increment = type => {
    state[type]++;
    stack.push(type);
  };

  const decrement = type => {
    state[type]--;
    stack.pop();
  };

  /**
   * Push tokens onto the tokens array. This helper speeds up
   * tokenizing by 1) helping us avoid backtracking as much as possible,
   * and 2) helping us avoid creating extra tokens when consecutive
   * characters are plain text. This improves performance and simplifies
   * lookbehinds.
   */

  const push = tok => {
    if (prev.type === 'globstar') {
      const isBrace = state.braces > 0 && (tok.type === 'comma' || tok.type === 'brace');
      const isExtglob = tok.extglob === true || (extglobs.length && (tok.type === 'pipe' || tok.type === 'paren'));

      if (tok.type !== 'slash' && tok.type !== 'paren' && !isBrace && !isExtglob) {
        state.output = state.output.slice(0, -prev.output.length);
        prev.type = 'star';
        prev.value = '*';
        prev.output = star;
        state.output += prev.output;
      }
    }

    if (extglobs.length && tok.type !== 'paren') {
      extglobs[extglobs.length - 1].inner += tok.value;
    }

    if (tok.value || tok.output) append(tok);
    if (prev && prev.type === 'text' && tok.type === 'text') {
      prev.output = (prev.output || prev.value) + tok.value;
      prev.value += tok.value;
      return;
    }

    tok.prev = prev;
    tokens.push(tok);
    prev = tok;
  };

  const extglobOpen = (type, value) => {
    const token = { ...EXTGLOB_CHARS[value], conditions: 1, inner: '' };

    token.prev = prev;
    token.parens = state.parens;
    token.output = state.output;
    token.startIndex = state.index;
    token.tokensIndex = tokens.length;
    const output = (opts.capture ? '(' : '') + token.open;

    increment('parens');
    push({ type, value, output: state.output ? '' : ONE_CHAR });
    push({ type: 'paren', extglob: true, value: advance(), output });
    extglobs.push(token);
  };

  const extglobClose = token => {
    const literal = input.slice(token.startIndex, state.index + 1);
    const body = input.slice(token.startIndex + 2, state.index);
    const analysis = analyzeRepeatedExtglob(body, opts);

    if ((token.type === 'plus' || token.type === 'star') && analysis.risky) {
      const safeOutput = analysis.safeOutput
        ? (token.output ? '' : ONE_CHAR) + (opts.capture ? `(${analysis.safeOutput})` : analysis.safeOutput)
        : undefined;
      const open = tokens[token.tokensIndex];

      open.type = 'text';
      open.value = literal;
      open.output = safeOutput || utils.escapeRegex(literal);

      for (let i = token.tokensIndex + 1; i < tokens.length; i++) {
        tokens[i].value = '';
        tokens[i].output = '';
        delete tokens[i].suffix;
      }

      state.output = token.output + open.output;
      state.backtrack = true;

      push({ type: 'paren', extglob: true, value, output: '' });
      decrement('parens');
      return;
    }

    let output = token.close + (opts.capture ? ')' : '');
    let rest;

    if (token.type === 'negate') {
      let extglobStar = star;

      if (token.inner && token.inner.length > 1 && token.inner.includes('/')) {
        extglobStar = globstar(opts);
      }

      if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
        output = token.close = `)$))${extglobStar}`;
      }

      if (token.inner.includes('*') && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
        // Any non-magical string (`.ts`) or even nested expression (`.{ts,tsx}`) can follow after the closing parenthesis.
        // In this case, we need to parse the string and use it in the output of the original pattern.
        // Suitable patterns: `/!(*.d).ts`, `/!(*.d).{ts,tsx}`, `**/!(*-dbg).@(js)`.
        //
        // Disabling the `fastpaths` option due to a problem with parsing strings as `.ts` in the pattern like `**/!(*.d).ts`.
        const expression = parse(rest, { ...options, fastpaths: false }).output;

        output = token.close = `)${expression})${extglobStar})`;
      }

      if (token.prev.type === 'bos') {
        state.negatedExtglob = true;
      }
    }

    push({ type: 'paren', extglob: true, value, output });
    decrement('parens');
  };

  /**
   * Fast paths
   */

  if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
    let backslashes = false;

    let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first, rest, index) => {
      if (first === '\\') {
        backslashes = true;
        return m;
      }

      if (first === '?') {
        if (esc) {
          return esc + first + (rest ? QMARK.repeat(rest.length) : '');
        }
        if (index === 0) {
          return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : '');
        }
        return QMARK.repeat(chars.length);
      }

      if (first === '.') {
        return DOT_LITERAL.repeat(chars.length);
      }

      if (first === '*') {
        if (esc) {
          return esc + first + (rest ? star : '');
        }
        return star;
      }
      return esc ? m : `\\${m}`;
    });

    if (backslashes === true) {
      if (opts.unescape === true) {
        output = output.replace(/\\/g, '');
      } else {
        output = output.replace(/\\+/g, m => {
          return m.length % 2 === 0 ? '\\\\' : (m ? '\\' : '');
        });
      }
    }

    if (output === input && opts.contains === true) {
      state.output = input;
      return state;
    }

    state.output = utils.wrapOutput(output, state, options);
    return state;
  }

  /**
   * Tokenize input until we reach end-of-string
   */

  while (!eos()) {
    value = advance();

    if (value === '\u0000') {
      continue;
    }

    /**
     * Escaped characters
     */

    if (value === '\\') {
      const next = peek();

      if (next === '/' && opts.bash !== true) {
        continue;
      }

      if (next === '.' || next === ';') {
        continue;
      }

      if (!next) {
        value += '\\';
        push({ type: 'text', value });
        continue;
      }

      // collapse slashes to reduce potential for exploits
      const match = /^\\+/.exec(remaining());
      let slashes = 0;

      if (match && match[0].length > 2) {
        slashes = match[0].length;
        state.index += slashes;
        if (slashes % 2 !== 0) {
          value += '\\';
        }
      }

      if (opts.unescape === true) {
        value = advance();
      } else {
        value += advance();
      }

      if (state.brackets === 0) {
        push({ type: 'text', value });
        continue;
      }
    }

    /**
     * If we're inside a regex character class, continue
     * until we reach the closing bracket.
     */

    if (state.brackets > 0 && (value !== ']' || prev.value === '[' || prev.value === '[^')) {
      if (opts.posix !== false && value === ':') {
        const inner = prev.value.slice(1);
        if (inner.includes('[')) {
          prev.posix = true;

          if (inner.includes(':')) {
            const idx = prev.value.lastIndexOf('[');
            const pre = prev.value.slice(0, idx);
            const rest = prev.value.slice(idx + 2);
            const posix = POSIX_REGEX_SOURCE[rest];
            if (posix) {
              prev.value = pre + posix;
              state.backtrack = true;
              advance();

              if (!bos.output && tokens.indexOf(prev) === 1) {
                bos.output = ONE_CHAR;
              }
              continue;
            }
          }
        }
      }

      if ((value === '[' && peek() !== ':') || (value === '-' && peek() === ']')) {
        value = `\\${value}`;
      }

      if (value === ']' && (prev.value === '[' || prev.value === '[^')) {
        value = `\\${value}`;
      }

      if (opts.posix === true && value === '!' && prev.value === '[') {
        value = '^';
      }

      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * If we're inside a quoted string, continue
     * until we reach the closing double quote.
     */

    if (state.quotes === 1 && value !== '"') {
      value = utils.escapeRegex(value);
      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * Double quotes
     */

    if (value === '"') {
      state.quotes = state.quotes === 1 ? 0 : 1;
      if (opts.keepQuotes === true) {
        push({ type: 'text', value });
      }
      continue;
    }

    /**
     * Parentheses
     */

    if (value === '(') {
      increment('parens');
      push({ type: 'paren', value });
      continue;
    }

    if (value === ')') {
      if (state.parens === 0 && opts.strictBrackets === true) {
        throw new SyntaxError(syntaxError('opening', '('));
      }

      const extglob = extglobs[extglobs.length - 1];
      if (extglob && state.parens === extglob.parens + 1) {
        extglobClose(extglobs.pop());
        continue;
      }

      push({ type: 'paren', value, output: state.parens ? ')' : '\\)' });
      decrement('parens');
      continue;
    }

    /**
     * Square brackets
     */

    if (value === '[') {
      if (opts.nobracket === true || !remaining().includes(']')) {
        if (opts.nobracket !== true && opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('closing', ']'));
        }

        value = `\\${value}`;
      } else {
        increment('brackets');
      }

      push({ type: 'bracket', value });
      continue;
    }

    if (value === ']') {
      if (opts.nobracket === true || (prev && prev.type === 'bracket' && prev.value.length === 1)) {
        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      if (state.brackets === 0) {
        if (opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('opening', '['));
        }

        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      decrement('brackets');

      const prevValue = prev.value.slice(1);
      if (prev.posix !== true && prevValue[0] === '^' && !prevValue.includes('/')) {
        value = `/${value}`;
      }

      prev.value += value;
      append({ value });

      // when literal brackets are explicitly disabled
      // assume we should match with a regex character class
      if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
        continue;
      }

      const escaped = utils.escapeRegex(prev.value);
      state.output = state.output.slice(0, -prev.value.length);

      // when literal brackets are explicitly enabled
      // assume we should escape the brackets to match literal characters
      if (opts.literalBrackets === true) {
        state.output += escaped;
        prev.value = escaped;
        continue;
      }

      // when the user specifies nothing, try to match both
      prev.value = `(${capture}${escaped}|${prev.value})`;
      state.output += prev.value;
      continue;
    }

    /**
     * Braces
     */

    if (value === '{' && opts.nobrace !== true) {
      increment('braces');

      const open = {
        type: 'brace',
        value,
        output: '(',
        outputIndex: state.output.length,
        tokensIndex: state.tokens.length
      };

      braces.push(open);
      push(open);
      continue;
    }

    if (value === '}') {
      const brace = braces[braces.length - 1];

      if (opts.nobrace === true || !brace) {
        push({ type: 'text', value, output: value });
        continue;
      }

      let output = ')';

      if (brace.dots === true) {
        const arr = tokens.slice();
        const range = [];

        for (let i = arr.length - 1; i >= 0; i--) {
          tokens.pop();
          if (arr[i].type === 'brace') {
            break;
          }
          if (arr[i].type !== 'dots') {
            range.unshift(arr[i].value);
          }
        }

        output = expandRange(range, opts);
        state.backtrack = true;
      }

      if (brace.comma !== true && brace.dots !== true) {
        const out = state.output.slice(0, brace.outputIndex);
        const toks = state.tokens.slice(brace.tokensIndex);
        brace.value = brace.output = '\\{';
        value = output = '\\}';
        state.output = out;
        for (const t of toks) {
          state.output += (t.output || t.value);
        }
      }

      push({ type: 'brace', value, output });
      decrement('braces');
      braces.pop();
      continue;
    }

    /**
     * Pipes
     */

    if (value === '|') {
      if (extglobs.length > 0) {
        extglobs[extglobs.length - 1].conditions++;
      }
      push({ type: 'text', value });
      continue;
    }

    /**
     * Commas
     */

    if (value === ',') {
      let output = value;

      const brace = braces[braces.length - 1];
      if (brace && stack[stack.length - 1] === 'braces') {
        brace.comma = true;
        output = '|';
      }

      push({ type: 'comma', value, output });
      continue;
    }

    /**
     * Slashes
     */

    if (value === '/') {
      // if the beginning of the glob is "./", advance the start
      // to the current index, and don't add the "./" characters
      // to the state. This greatly simplifies lookbehinds when
      // checking for BOS characters like "!" and "." (not "./")
      if (prev.type === 'dot' && state.index === state.start + 1) {
        state.start = state.index + 1;
        state.consumed = '';
        state.output = '';
        tokens.pop();
        prev = bos; // reset "prev" to the first token
        continue;
      }

      push({ type: 'slash', value, output: SLASH_LITERAL });
      continue;
    }

    /**
     * Dots
     */

    if (value === '.') {
      if (state.braces > 0 && prev.type === 'dot') {
        if (prev.value === '.') prev.output = DOT_LITERAL;
        const brace = braces[braces.length - 1];
        prev.type = 'dots';
        prev.output += value;
        prev.value += value;
        brace.dots = true;
        continue;
      }

      if ((state.braces + state.parens) === 0 && prev.type !== 'bos' && prev.type !== 'slash') {
        push({ type: 'text', value, output: DOT_LITERAL });
        continue;
      }

      push({ type: 'dot', value, output: DOT_LITERAL });
      continue;
    }

    /**
     * Question marks
     */

    if (value === '?') {
      const isGroup = prev && prev.value === '(';
      if (!isGroup && opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('qmark', value);
        continue;
      }

      if (prev && prev.type === 'paren') {
        const next = peek();
        let output = value;

        if ((prev.value === '(' && !/[!=<:]/.test(next)) || (next === '<' && !/<([!=]|\w+>)/.test(remaining()))) {
          output = `\\${value}`;
        }

        push({ type: 'text', value, output });
        continue;
      }

      if (opts.dot !== true && (prev.type === 'slash' || prev.type === 'bos')) {
        push({ type: 'qmark', value, output: QMARK_NO_DOT });
        continue;
      }

      push({ type: 'qmark', value, output: QMARK });
      continue;
    }

    /**
     * Exclamation
     */

    if (value === '!') {
      if (opts.noextglob !== true && peek() === '(') {
        if (peek(2) !== '?' || !/[!=<:]/.test(peek(3))) {
          extglobOpen('negate', value);
          continue;
        }
      }

      if (opts.nonegate !== true && state.index === 0) {
        negate();
        continue;
      }
    }

    /**
     * Plus
     */

    if (value === '+') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('plus', value);
        continue;
      }

      if ((prev && prev.value === '(') || opts.regex === false) {
        push({ type: 'plus', value, output: PLUS_LITERAL });
        continue;
      }

      if ((prev && (prev.type === 'bracket' || prev.type === 'paren' || prev.type === 'brace')) || state.parens > 0) {
        push({ type: 'plus', value });
        continue;
      }

      push({ type: 'plus', value: PLUS_LITERAL });
      continue;
    }

    /**
     * Plain text
     */

    if (value === '@') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        push({ type: 'at', extglob: true, value, output: '' });
        continue;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Plain text
     */

    if (value !== '*') {
      if (value === '$' || value === '^') {
        value = `\\${value}`;
      }

      const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
      if (match) {
        value += match[0];
        state.index += match[0].length;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Stars
     */

    if (prev && (prev.type === 'globstar' || prev.star === true)) {
      prev.type = 'star';
      prev.star = true;
      prev.value += value;
      prev.output = star;
      state.backtrack = true;
      state.globstar = true;
      consume(value);
      continue;
    }

    let rest = remaining();
    if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
      extglobOpen('star', value);
      continue;
    }

    if (prev.type === 'star') {
      if (opts.noglobstar === true) {
        consume(value);
        continue;
      }

      const prior = prev.prev;
      const before = prior.prev;
      const isStart = prior.type === 'slash' || prior.type === 'bos';
      const afterStar = before && (before.type === 'star' || before.type === 'globstar');

      if (opts.bash === true && (!isStart || (rest[0] && rest[0] !== '/'))) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      const isBrace = state.braces > 0 && (prior.type === 'comma' || prior.type === 'brace');
      const isExtglob = extglobs.length && (prior.type === 'pipe' || prior.type === 'paren');
      if (!isStart && prior.type !== 'paren' && !isBrace && !isExtglob) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      // strip consecutive `/**/`
      while (rest.slice(0, 3) === '/**') {
        const after = input[state.index + 4];
        if (after && after !== '/') {
          break;
        }
        rest = rest.slice(3);
        consume('/**', 3);
      }

      // A globstar followed only by balanced closing parens is at the logical end of patterns like
      // `test(/utils/**)` and `test?(/utils/**)`. Treat it as EOS so the trailing `/**` can match its
      // parent path, except in negated extglobs where that would change the exclusion semantics.
      const isEnd = eos() || (
        state.parens > 0
        && rest === ')'.repeat(state.parens)
        && !extglobs.some(extglob => extglob.type === 'negate')
      );

      if (prior.type === 'bos' && eos()) {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = globstar(opts);
        state.output = prev.output;
        state.globstar = true;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && !afterStar && isEnd) {
        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = globstar(opts) + (opts.strictSlashes ? ')' : '|$)');
        prev.value += value;
        state.globstar = true;
        state.output += prior.output + prev.output;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && rest[0] === '/') {
        const end = rest[1] !== void 0 ? '|$' : '';

        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
        prev.value += value;

        state.output += prior.output + prev.output;
        state.globstar = true;

        consume(value + advance());

        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      if (prior.type === 'bos' && rest[0] === '/') {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
        state.output = prev.output;
        state.globstar = true;
        consume(value + advance());
        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      // remove single star from output
      state.output = state.output.slice(0, -prev.output.length);

      // reset previous token to globstar
      prev.type = 'globstar';
      prev.output = globstar(opts);
      prev.value += value;

      // reset output with globstar
      state.output += prev.output;
      state.globstar = true;
      consume(value);
      continue;
    }

    const token = { type: 'star', value, output: star };

    if (opts.bash === true) {
      token.output = '.*?';
      if (prev.type === 'bos' || prev.type === 'slash') {
        token.output = nodot + token.output;
      }
      push(token);
      continue;
    }

    if (prev && (prev.type === 'bracket' || prev.type === 'paren') && opts.regex === true) {
      token.output = value;
      push(token);
      continue;
    }

    if (state.index === state.start || prev.type === 'slash' || prev.type === 'dot') {
      if (prev.type === 'dot') {
        state.output += NO_DOT_SLASH;
        prev.output += NO_DOT_SLASH;

      } else if (opts.dot === true) {
        state.output += NO_DOTS_SLASH;
        prev.output += NO_DOTS_SLASH;

      } else {
        state.output += nodot;
        prev.output += nodot;
      }

      if (peek() !== '*') {
        state.output += ONE_CHAR;
        prev.output += ONE_CHAR;
      }
    }

    push(token);
  }

  while (state.brackets > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ']'));
    state.output = utils.escapeLast(state.output, '[');
    decrement('brackets');
  }

  while (state.parens > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ')'));
    state.output = utils.escapeLast(state.output, '(');
    decrement('parens');
  }

  while (state.braces > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', '}'));
    state.output = utils.escapeLast(state.output, '{');
    decrement('braces');
  }

  if (opts.strictSlashes !== true && (prev.type === 'star' || prev.type === 'bracket')) {
    push({ type: 'maybe_slash', value: '', output: `${SLASH_LITERAL}?` });
  }

  // rebuild the output if we had to backtrack at any point
  if (state.backtrack === true) {
    state.output = '';

    for (const token of state.tokens) {
      state.output += token.output != null ? token.output : token.value;

      if (token.suffix) {
        state.output += token.suffix;
      }
    }
  }

  return state;
};

/**
 * Fast paths for creating regular expressions for common glob patterns.
 * This can significantly speed up processing and has very little downside
 * impact when none of the fast paths match.
 */

parse.fastpaths = (input, options) => {
  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
  const len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  input = REPLACEMENTS[input] || input;

  // create constants based on platform, for windows or posix
  const {
    DOT_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOTS,
    NO_DOTS_SLASH,
    STAR,
    START_ANCHOR
  } = constants.globChars(opts.windows);

  const nodot = opts.dot ? NO_DOTS : NO_DOT;
  const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
  const capture = opts.capture ? '' : '?:';
  const state = { negated: false, prefix: '' };
  let star = opts.bash === true ? '.*?' : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  const globstar = opts => {
    if (opts.noglobstar === true) return star;
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const create = str => {
    switch (str) {
      case '*':
        return `${nodot}${ONE_CHAR}${star}`;

      case '.*':
        return `${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*.*':
        return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*/*':
        return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;

      case '**':
        return nodot + globstar(opts);

      case '**/*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;

      case '**/*.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '**/.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;

      default: {
        const match = /^(.*?)\.(\w+)$/.exec(str);
        if (!match) return;

        const source = create(match[1]);
        if (!source) return;

        return source + DOT_LITERAL + match[2];
      }
    }
  };

  const output = utils.removePrefix(input, state);
  let source = create(output);

  if (source && opts.strictSlashes !== true) {
    source += `${SLASH_LITERAL}?`;
  }

  return source;
};

module.exports = parse;


/***/ }),

/***/ 16:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const scan = __nccwpck_require__(781);
const parse = __nccwpck_require__(265);
const utils = __nccwpck_require__(59);
const constants = __nccwpck_require__(595);
const isObject = val => val && typeof val === 'object' && !Array.isArray(val);

/**
 * Creates a matcher function from one or more glob patterns. The
 * returned function takes a string to match as its first argument,
 * and returns true if the string is a match. The returned matcher
 * function also takes a boolean as the second argument that, when true,
 * returns an object with additional information.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch(glob[, options]);
 *
 * const isMatch = picomatch('*.!(*a)');
 * console.log(isMatch('a.a')); //=> false
 * console.log(isMatch('a.b')); //=> true
 *
 * // For environments without `node.js`, `picomatch/posix` provides you a dependency-free matcher, without automatic OS detection.
 * const picomatch = require('picomatch/posix');
 * // the same API, defaulting to posix paths
 * const isMatch = picomatch('a/*');
 * console.log(isMatch('a\\b')); //=> false
 * console.log(isMatch('a/b')); //=> true
 *
 * // you can still configure the matcher function to accept windows paths
 * const isMatch = picomatch('a/*', { options: windows });
 * console.log(isMatch('a\\b')); //=> true
 * console.log(isMatch('a/b')); //=> true
 * ```
 * @name picomatch
 * @param {String|Array} `globs` One or more glob patterns.
 * @param {Object=} `options`
 * @return {Function=} Returns a matcher function.
 * @api public
 */

const picomatch = (glob, options, returnState = false) => {
  if (Array.isArray(glob)) {
    const fns = glob.map(input => picomatch(input, options, returnState));
    const arrayMatcher = str => {
      for (const isMatch of fns) {
        const state = isMatch(str);
        if (state) return state;
      }
      return false;
    };
    return arrayMatcher;
  }

  const isState = isObject(glob) && glob.tokens && glob.input;

  if (glob === '' || (typeof glob !== 'string' && !isState)) {
    throw new TypeError('Expected pattern to be a non-empty string');
  }

  const opts = options || {};
  const posix = opts.windows;
  const regex = isState
    ? picomatch.compileRe(glob, options)
    : picomatch.makeRe(glob, options, false, true);

  const state = regex.state;
  delete regex.state;

  let isIgnored = () => false;
  if (opts.ignore) {
    const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
    isIgnored = picomatch(opts.ignore, ignoreOpts, returnState);
  }

  const matcher = (input, returnObject = false) => {
    const { isMatch, match, output } = picomatch.test(input, regex, options, { glob, posix });
    const result = { glob, state, regex, posix, input, output, match, isMatch };

    if (typeof opts.onResult === 'function') {
      opts.onResult(result);
    }

    if (isMatch === false) {
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (isIgnored(input)) {
      if (typeof opts.onIgnore === 'function') {
        opts.onIgnore(result);
      }
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (typeof opts.onMatch === 'function') {
      opts.onMatch(result);
    }
    return returnObject ? result : true;
  };

  if (returnState) {
    matcher.state = state;
  }

  return matcher;
};

/**
 * Test `input` with the given `regex`. This is used by the main
 * `picomatch()` function to test the input string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.test(input, regex[, options]);
 *
 * console.log(picomatch.test('foo/bar', /^(?:([^/]*?)\/([^/]*?))$/));
 * // { isMatch: true, match: [ 'foo/', 'foo', 'bar' ], output: 'foo/bar' }
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp} `regex`
 * @return {Object} Returns an object with matching info.
 * @api public
 */

picomatch.test = (input, regex, options, { glob, posix } = {}) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected input to be a string');
  }

  if (input === '') {
    return { isMatch: false, output: '' };
  }

  const opts = options || {};
  const format = opts.format || (posix ? utils.toPosixSlashes : null);
  let match = input === glob;
  let output = (match && format) ? format(input) : input;

  if (match === false) {
    output = format ? format(input) : input;
    match = output === glob;
  }

  if (match === false || opts.capture === true) {
    if (opts.matchBase === true || opts.basename === true) {
      match = picomatch.matchBase(input, regex, options, posix);
    } else {
      match = regex.exec(output);
    }
  }

  return { isMatch: Boolean(match), match, output };
};

/**
 * Match the basename of a filepath.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.matchBase(input, glob[, options]);
 * console.log(picomatch.matchBase('foo/bar.js', '*.js'); // true
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp|String} `glob` Glob pattern or regex created by [.makeRe](#makeRe).
 * @return {Boolean}
 * @api public
 */

picomatch.matchBase = (input, glob, options, posix = options && options.windows) => {
  const regex = glob instanceof RegExp ? glob : picomatch.makeRe(glob, options);
  return regex.test(utils.basename(input, { windows: posix }));
};

/**
 * Returns true if **any** of the given glob `patterns` match the specified `string`.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.isMatch(string, patterns[, options]);
 *
 * console.log(picomatch.isMatch('a.a', ['b.*', '*.a'])); //=> true
 * console.log(picomatch.isMatch('a.a', 'b.*')); //=> false
 * ```
 * @param {String|Array} str The string to test.
 * @param {String|Array} patterns One or more glob patterns to use for matching.
 * @param {Object} [options] See available [options](#options).
 * @return {Boolean} Returns true if any patterns match `str`
 * @api public
 */

picomatch.isMatch = (str, patterns, options) => picomatch(patterns, options)(str);

/**
 * Parse a glob pattern to create the source string for a regular
 * expression.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const result = picomatch.parse(pattern[, options]);
 * ```
 * @param {String} `pattern`
 * @param {Object} `options`
 * @return {Object} Returns an object with useful properties and output to be used as a regex source string.
 * @api public
 */

picomatch.parse = (pattern, options) => {
  if (Array.isArray(pattern)) return pattern.map(p => picomatch.parse(p, options));
  return parse(pattern, { ...options, fastpaths: false });
};

/**
 * Scan a glob pattern to separate the pattern into segments.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.scan(input[, options]);
 *
 * const result = picomatch.scan('!./foo/*.js');
 * console.log(result);
 * { prefix: '!./',
 *   input: '!./foo/*.js',
 *   start: 3,
 *   base: 'foo',
 *   glob: '*.js',
 *   isBrace: false,
 *   isBracket: false,
 *   isGlob: true,
 *   isExtglob: false,
 *   isGlobstar: false,
 *   negated: true }
 * ```
 * @param {String} `input` Glob pattern to scan.
 * @param {Object} `options`
 * @return {Object} Returns an object with
 * @api public
 */

picomatch.scan = (input, options) => scan(input, options);

/**
 * Compile a regular expression from the `state` object returned by the
 * [parse()](#parse) method.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const state = picomatch.parse('*.js');
 * // picomatch.compileRe(state[, options]);
 *
 * console.log(picomatch.compileRe(state));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {Object} `state`
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Intended for implementors, this argument allows you to return the raw output from the parser.
 * @param {Boolean} `returnState` Adds the state to a `state` property on the returned regex. Useful for implementors and debugging.
 * @return {RegExp}
 * @api public
 */

picomatch.compileRe = (state, options, returnOutput = false, returnState = false) => {
  if (returnOutput === true) {
    return state.output;
  }

  const opts = options || {};
  const prepend = opts.contains ? '' : '^';
  const append = opts.contains ? '' : '$';

  let source = `${prepend}(?:${state.output})${append}`;
  if (state && state.negated === true) {
    source = `^(?!${source}).*$`;
  }

  const regex = picomatch.toRegex(source, options);
  if (returnState === true) {
    regex.state = state;
  }

  return regex;
};

/**
 * Create a regular expression from a parsed glob pattern.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.makeRe(state[, options]);
 *
 * const result = picomatch.makeRe('*.js');
 * console.log(result);
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `state` The object returned from the `.parse` method.
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Implementors may use this argument to return the compiled output, instead of a regular expression. This is not exposed on the options to prevent end-users from mutating the result.
 * @param {Boolean} `returnState` Implementors may use this argument to return the state from the parsed glob with the returned regular expression.
 * @return {RegExp} Returns a regex created from the given pattern.
 * @api public
 */

picomatch.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
  if (!input || typeof input !== 'string') {
    throw new TypeError('Expected a non-empty string');
  }

  let parsed = { negated: false, fastpaths: true };

  if (options.fastpaths !== false && (input[0] === '.' || input[0] === '*')) {
    parsed.output = parse.fastpaths(input, options);
  }

  if (!parsed.output) {
    parsed = parse(input, options);
  }

  return picomatch.compileRe(parsed, options, returnOutput, returnState);
};

/**
 * Create a regular expression from the given regex source string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.toRegex(source[, options]);
 *
 * const { output } = picomatch.parse('*.js');
 * console.log(picomatch.toRegex(output));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `source` Regular expression source string.
 * @param {Object} `options`
 * @return {RegExp}
 * @api public
 */

picomatch.toRegex = (source, options) => {
  try {
    const opts = options || {};
    return new RegExp(source, opts.flags || (opts.nocase ? 'i' : ''));
  } catch (err) {
    if (options && options.debug === true) throw err;
    return /$^/;
  }
};

/**
 * Picomatch constants.
 * @return {Object}
 */

picomatch.constants = constants;

/**
 * Expose "picomatch"
 */

module.exports = picomatch;


/***/ }),

/***/ 781:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const utils = __nccwpck_require__(59);
const {
  CHAR_ASTERISK,             /* * */
  CHAR_AT,                   /* @ */
  CHAR_BACKWARD_SLASH,       /* \ */
  CHAR_COMMA,                /* , */
  CHAR_DOT,                  /* . */
  CHAR_EXCLAMATION_MARK,     /* ! */
  CHAR_FORWARD_SLASH,        /* / */
  CHAR_LEFT_CURLY_BRACE,     /* { */
  CHAR_LEFT_PARENTHESES,     /* ( */
  CHAR_LEFT_SQUARE_BRACKET,  /* [ */
  CHAR_PLUS,                 /* + */
  CHAR_QUESTION_MARK,        /* ? */
  CHAR_RIGHT_CURLY_BRACE,    /* } */
  CHAR_RIGHT_PARENTHESES,    /* ) */
  CHAR_RIGHT_SQUARE_BRACKET  /* ] */
} = __nccwpck_require__(595);

const isPathSeparator = code => {
  return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
};

const depth = token => {
  if (token.isPrefix !== true) {
    token.depth = token.isGlobstar ? Infinity : 1;
  }
};

/**
 * Quickly scans a glob pattern and returns an object with a handful of
 * useful properties, like `isGlob`, `path` (the leading non-glob, if it exists),
 * `glob` (the actual pattern), `negated` (true if the path starts with `!` but not
 * with `!(`) and `negatedExtglob` (true if the path starts with `!(`).
 *
 * ```js
 * const pm = require('picomatch');
 * console.log(pm.scan('foo/bar/*.js'));
 * { isGlob: true, input: 'foo/bar/*.js', base: 'foo/bar', glob: '*.js' }
 * ```
 * @param {String} `str`
 * @param {Object} `options`
 * @return {Object} Returns an object with tokens and regex source string.
 * @api public
 */

const scan = (input, options) => {
  const opts = options || {};

  const length = input.length - 1;
  const scanToEnd = opts.parts === true || opts.tokens === true || opts.scanToEnd === true;
  const slashes = [];
  const tokens = [];
  const parts = [];

  let str = input;
  let index = -1;
  let start = 0;
  let lastIndex = 0;
  let isBrace = false;
  let isBracket = false;
  let isGlob = false;
  let isExtglob = false;
  let isGlobstar = false;
  let braceEscaped = false;
  let backslashes = false;
  let negated = false;
  let negatedExtglob = false;
  let finished = false;
  let braces = 0;
  let prev;
  let code;
  let token = { value: '', depth: 0, isGlob: false };

  const eos = () => index >= length;
  const peek = () => str.charCodeAt(index + 1);
  const advance = () => {
    prev = code;
    return str.charCodeAt(++index);
  };

  while (index < length) {
    code = advance();
    let next;

    if (code === CHAR_BACKWARD_SLASH) {
      backslashes = token.backslashes = true;
      code = advance();

      if (code === CHAR_LEFT_CURLY_BRACE) {
        braceEscaped = true;
      }
      continue;
    }

    if (braceEscaped === true || code === CHAR_LEFT_CURLY_BRACE) {
      braces++;

      while (eos() !== true && (code = advance())) {
        if (code === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (code === CHAR_LEFT_CURLY_BRACE) {
          braces++;
          continue;
        }

        if (braceEscaped !== true && code === CHAR_DOT && (code = advance()) === CHAR_DOT) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (braceEscaped !== true && code === CHAR_COMMA) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (code === CHAR_RIGHT_CURLY_BRACE) {
          braces--;

          if (braces === 0) {
            braceEscaped = false;
            isBrace = token.isBrace = true;
            finished = true;
            break;
          }
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (code === CHAR_FORWARD_SLASH) {
      slashes.push(index);
      tokens.push(token);
      token = { value: '', depth: 0, isGlob: false };

      if (finished === true) continue;
      if (prev === CHAR_DOT && index === (start + 1)) {
        start += 2;
        continue;
      }

      lastIndex = index + 1;
      continue;
    }

    if (opts.noext !== true) {
      const isExtglobChar = code === CHAR_PLUS
        || code === CHAR_AT
        || code === CHAR_ASTERISK
        || code === CHAR_QUESTION_MARK
        || code === CHAR_EXCLAMATION_MARK;

      if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
        isGlob = token.isGlob = true;
        isExtglob = token.isExtglob = true;
        finished = true;
        if (code === CHAR_EXCLAMATION_MARK && index === start) {
          negatedExtglob = true;
        }

        if (scanToEnd === true) {
          let parens = 0;

          while (eos() !== true && (code = advance())) {
            if (code === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }

            if (code === CHAR_LEFT_PARENTHESES) {
              parens++;
              continue;
            }

            if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
              finished = true;
              break;
            }
          }
          continue;
        }
        break;
      }
    }

    if (code === CHAR_ASTERISK) {
      if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_QUESTION_MARK) {
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_LEFT_SQUARE_BRACKET) {
      while (eos() !== true && (next = advance())) {
        if (next === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (next === CHAR_RIGHT_SQUARE_BRACKET) {
          isBracket = token.isBracket = true;
          isGlob = token.isGlob = true;
          finished = true;
          break;
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (opts.nonegate !== true && code === CHAR_EXCLAMATION_MARK && index === start) {
      negated = token.negated = true;
      start++;
      continue;
    }

    if (opts.noparen !== true && code === CHAR_LEFT_PARENTHESES) {
      isGlob = token.isGlob = true;

      if (scanToEnd === true) {
        let parens = 1;

        while (eos() !== true && (code = advance())) {
          if (code === CHAR_BACKWARD_SLASH) {
            backslashes = token.backslashes = true;
            advance();
            continue;
          }

          if (code === CHAR_LEFT_PARENTHESES) {
            parens++;
            continue;
          }

          if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
            finished = true;
            break;
          }
        }
        continue;
      }
      break;
    }

    if (isGlob === true) {
      finished = true;

      if (scanToEnd === true) {
        continue;
      }

      break;
    }
  }

  if (opts.noext === true) {
    isExtglob = false;
    isGlob = false;
  }

  let base = str;
  let prefix = '';
  let glob = '';

  if (start > 0) {
    prefix = str.slice(0, start);
    str = str.slice(start);
    lastIndex -= start;
  }

  if (base && isGlob === true && lastIndex > 0) {
    base = str.slice(0, lastIndex);
    glob = str.slice(lastIndex);
  } else if (isGlob === true) {
    base = '';
    glob = str;
  } else {
    base = str;
  }

  if (base && base !== '' && base !== '/' && base !== str) {
    if (isPathSeparator(base.charCodeAt(base.length - 1))) {
      base = base.slice(0, -1);
    }
  }

  if (opts.unescape === true) {
    if (glob) glob = utils.removeBackslashes(glob);

    if (base && backslashes === true) {
      base = utils.removeBackslashes(base);
    }
  }

  const state = {
    prefix,
    input,
    start,
    base,
    glob,
    isBrace,
    isBracket,
    isGlob,
    isExtglob,
    isGlobstar,
    negated,
    negatedExtglob
  };

  if (opts.tokens === true) {
    state.maxDepth = 0;
    if (!isPathSeparator(code)) {
      tokens.push(token);
    }
    state.tokens = tokens;
  }

  if (opts.parts === true || opts.tokens === true) {
    let prevIndex;

    for (let idx = 0; idx < slashes.length; idx++) {
      const n = prevIndex !== undefined ? prevIndex + 1 : start;
      const i = slashes[idx];
      const value = input.slice(n, i);
      if (opts.tokens) {
        if (idx === 0 && start !== 0) {
          tokens[idx].isPrefix = true;
          tokens[idx].value = prefix;
        } else {
          tokens[idx].value = value;
        }
        depth(tokens[idx]);
        state.maxDepth += tokens[idx].depth;
      }
      if (i >= start) {
        parts.push(value);
        prevIndex = i;
      }
    }

    const n = prevIndex !== undefined ? prevIndex + 1 : start;
    const value = input.slice(n);
    parts.push(value);

    if (opts.tokens && prevIndex && prevIndex + 1 < input.length) {
      tokens[tokens.length - 1].value = value;
      depth(tokens[tokens.length - 1]);
      state.maxDepth += tokens[tokens.length - 1].depth;
    }

    state.slashes = slashes;
    state.parts = parts;
  }

  return state;
};

module.exports = scan;


/***/ }),

/***/ 59:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

/*global navigator*/


const {
  REGEX_BACKSLASH,
  REGEX_REMOVE_BACKSLASH,
  REGEX_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_GLOBAL
} = __nccwpck_require__(595);

exports.isObject = val => val !== null && typeof val === 'object' && !Array.isArray(val);
exports.hasRegexChars = str => REGEX_SPECIAL_CHARS.test(str);
exports.isRegexChar = str => str.length === 1 && exports.hasRegexChars(str);
exports.escapeRegex = str => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, '\\$1');
exports.toPosixSlashes = str => str.replace(REGEX_BACKSLASH, '/');

exports.isWindows = () => {
  if (typeof navigator !== 'undefined' && navigator.platform) {
    const platform = navigator.platform.toLowerCase();
    return platform === 'win32' || platform === 'windows';
  }

  if (typeof process !== 'undefined' && process.platform) {
    return process.platform === 'win32';
  }

  return false;
};

exports.removeBackslashes = str => {
  return str.replace(REGEX_REMOVE_BACKSLASH, match => {
    return match === '\\' ? '' : match;
  });
};

exports.escapeLast = (input, char, lastIdx) => {
  const idx = input.lastIndexOf(char, lastIdx);
  if (idx === -1) return input;
  if (input[idx - 1] === '\\') return exports.escapeLast(input, char, idx - 1);
  return `${input.slice(0, idx)}\\${input.slice(idx)}`;
};

exports.removePrefix = (input, state = {}) => {
  let output = input;
  if (output.startsWith('./')) {
    output = output.slice(2);
    state.prefix = './';
  }
  return output;
};

exports.wrapOutput = (input, state = {}, options = {}) => {
  const prepend = options.contains ? '' : '^';
  const append = options.contains ? '' : '$';

  let output = `${prepend}(?:${input})${append}`;
  if (state.negated === true) {
    output = `(?:^(?!${output}).*$)`;
  }
  return output;
};

exports.basename = (path, { windows } = {}) => {
  const segs = path.split(windows ? /[\\/]/ : '/');
  const last = segs[segs.length - 1];

  if (last === '') {
    return segs[segs.length - 2];
  }

  return last;
};


/***/ }),

/***/ 449:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  iW: () => (/* binding */ main)
});

// UNUSED EXPORTS: FLAGS, HELP, joinDashValues

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
var external_node_os_default = /*#__PURE__*/__nccwpck_require__.n(external_node_os_namespaceObject);
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_namespaceObject);
;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: ./src/host/files.ts


/** Removes `dir` and its parents up to `top` (the first one mkdir made), each only if empty. */
async function removeEmptyDirs(dir, top) {
    for (let at = dir;; at = external_node_path_default().dirname(at)) {
        const removed = await (0,promises_namespaceObject.rmdir)(at).then(() => true, () => false);
        if (!removed || at === top || at === external_node_path_default().dirname(at))
            return;
    }
}

;// CONCATENATED MODULE: external "node:timers/promises"
const external_node_timers_promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");
;// CONCATENATED MODULE: ./src/config/errors.ts
/** A value the user gave that cannot be used. The message names the input and what is valid. */
class errors_InputError extends Error {
    input;
    constructor(input, detail) {
        super(`${input}: ${detail}`);
        this.input = input;
        this.name = 'InputError';
    }
}
/**
 * The tool itself could not do its work: the mirror is unreachable, QEMU cannot be
 * installed, a build failed. Never a finding about the guest.
 */
class ToolError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'ToolError';
    }
}
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ./src/config/dates.ts
/** The first second a signed 32-bit time_t cannot hold: 2038-01-19T03:14:08Z. */
const ROLLOVER_EPOCH = 2 ** 31;
const ROLLOVER = new Date(ROLLOVER_EPOCH * 1000);
/**
 * Where a `step` guest boots before its clock is set to the requested date: a day before
 * the rollover, so that the kernel, the initramfs and everything made during boot carry
 * timestamps a 32-bit time_t still holds.
 */
const STEP_BOOT_DATE = new Date(Date.UTC(2038, 0, 18, 0, 0, 0));
/**
 * The control date when none is given and the host's clock is past it: a year before the
 * rollover, after the build dates of every package a supported suite has today.
 */
const LATE_CONTROL_DATE = new Date(Date.UTC(2037, 0, 19, 0, 0, 0));
/**
 * The default control date: the host's clock (to the second), the date at which the
 * software is known to be used, after every file in the image was made (so that nothing,
 * systemd's clock epoch included, sees a clock before its build), and as far from the
 * rollover as can be, so that only a duration of that many years reaches past it.
 */
function controlDateFor(now) {
    const seconds = new Date(Math.floor(now.getTime() / 1000) * 1000);
    return seconds < LATE_CONTROL_DATE ? seconds : LATE_CONTROL_DATE;
}
/** The range a guest clock is accepted in: QEMU's CMOS RTC and the kernel both handle it. */
const EARLIEST_DATE = new Date(Date.UTC(1970, 0, 2));
const LATEST_DATE = new Date(Date.UTC(2100, 0, 1));
/**
 * The latest date the clock can be set to once the guest runs (clock step and cross): the
 * kernel keeps time in signed 64-bit nanoseconds (KTIME_MAX, 2262-04-11T23:47:16Z); the RTC's
 * two-digit year no longer matters, as the guest boots before the rollover.
 */
const LATEST_SET_DATE = new Date(Date.UTC(2262, 0, 1));
/**
 * The rollovers a 32-bit guest can reach, each checked against its source:
 * - NTP: 32-bit seconds since 1900-01-01 wrap at 2^32 s (RFC 5905, section 6: era 0 ends in
 *   2036): 2^32 - 2208988800 = 2085978496 s since 1970.
 * - time_t as signed 32-bit seconds since 1970: 2^31 = 2147483648.
 * - GPS: the 10-bit week number (IS-GPS-200, 20.3.3.3.1.1) wraps every 1024 weeks from
 *   1980-01-06T00:00:00; the third wrap is at week 3072, 2038-11-21T00:00:00 GPS time, which
 *   is 18 s of leap seconds (GPS - UTC since 2017-01-01) earlier in UTC.
 * - X.509: UTCTime (two-digit years) holds validity dates through 2049; from 2050 they are
 *   GeneralizedTime (RFC 5280, 4.1.2.5).
 * - `%y`: POSIX strptime reads 69 to 99 as 1969 to 1999 (POSIX.1-2017, strptime).
 * - 2100 is not a leap year (Gregorian rule: a century year only when divisible by 400):
 *   February 28 is followed by March 1.
 * - unsigned 32-bit seconds since 1970: 2^32 = 4294967296.
 */
const ROLLOVERS = [
    { name: 'NTP era 1', at: new Date(Date.UTC(2036, 1, 7, 6, 28, 16)) },
    { name: 'signed 32-bit time_t', at: ROLLOVER },
    { name: 'GPS week number (10-bit)', at: new Date(Date.UTC(2038, 10, 20, 23, 59, 42)) },
    { name: 'X.509 UTCTime ends', at: new Date(Date.UTC(2050, 0, 1)) },
    { name: 'two-digit year (%y) reads 19xx', at: new Date(Date.UTC(2069, 0, 1)) },
    { name: '2100 is not a leap year', at: new Date(Date.UTC(2100, 2, 1)) },
    { name: 'unsigned 32-bit seconds', at: new Date(2 ** 32 * 1000) },
];
/** The dates of `dates: rollovers`: one second before each rollover, and its first second. */
function rolloverDates() {
    return ROLLOVERS.flatMap((r) => [new Date(r.at.getTime() - 1000), r.at]);
}
/** The rollover a date is the edge of, named: `signed 32-bit time_t` or `signed 32-bit time_t, 1 s before`. */
function rolloverName(date) {
    for (const rollover of ROLLOVERS) {
        if (date.getTime() === rollover.at.getTime())
            return rollover.name;
        if (date.getTime() === rollover.at.getTime() - 1000)
            return `${rollover.name}, 1 s before`;
    }
    return undefined;
}
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
/**
 * Parses an ISO-8601 instant. A date alone means midnight UTC, and a time without a zone
 * is UTC, so that a matrix entry like `2038-01-20` means what its reader expects.
 * Fractions of a second are dropped: the guest clock is set in whole seconds.
 */
function parseInstant(text) {
    const m = ISO_INSTANT.exec(text.trim());
    if (!m)
        return undefined;
    const [, y, mo, d, h = '00', mi = '00', s = '00', zone = 'Z'] = m;
    const year = Number(y);
    const month = Number(mo);
    const day = Number(d);
    const hour = Number(h);
    const minute = Number(mi);
    const second = Number(s);
    if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59)
        return undefined;
    // Not Date.UTC: it takes years 0 to 99 for 1900 to 1999.
    const check = new Date(0);
    check.setUTCFullYear(year, month - 1, day);
    check.setUTCHours(hour, minute, second, 0);
    const utc = check.getTime();
    if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1)
        return undefined;
    let offsetMinutes = 0;
    if (zone !== 'Z') {
        const sign = zone.startsWith('-') ? -1 : 1;
        const digits = zone.slice(1).replace(':', '');
        const oh = Number(digits.slice(0, 2));
        const om = Number(digits.slice(2));
        if (oh > 23 || om > 59)
            return undefined;
        offsetMinutes = sign * (oh * 60 + om);
    }
    return new Date(utc - offsetMinutes * 60_000);
}
function epochSeconds(date) {
    return Math.floor(date.getTime() / 1000);
}
/** 2038-01-19T03:14:08Z, the form reports and annotations use. */
function formatInstant(date) {
    return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
/** QEMU's `-rtc base=` takes a UTC date without a zone suffix. */
function qemuRtcBase(date) {
    return formatInstant(date).replace(/Z$/, '');
}
function isAfterRollover(date) {
    return epochSeconds(date) >= ROLLOVER_EPOCH;
}
/** The date the guest's RTC starts at for a requested date in a clock mode. */
function bootDateFor(requested, clock, crossMarginSeconds = 0) {
    if (clock === 'boot')
        return requested;
    const stepTo = stepDateFor(requested, clock, crossMarginSeconds);
    return stepTo.getTime() < STEP_BOOT_DATE.getTime() ? stepTo : STEP_BOOT_DATE;
}
/** The date a guest saved for several dates boots at: the earliest any of them needs (clock step or cross). */
function earliestBootDate(dates, clock, crossMarginSeconds = 0) {
    const mode = clock === 'cross' ? 'cross' : 'step';
    return new Date(Math.min(...dates.map((d) => bootDateFor(d, mode, crossMarginSeconds).getTime())));
}
/** Where the guest's clock is set before the probe: the date, or with `cross` the margin before it. */
function stepDateFor(requested, clock, crossMarginSeconds = 0) {
    return clock === 'cross' ? new Date(requested.getTime() - crossMarginSeconds * 1000) : requested;
}
/** The range `dates: search` looks in when none is given ends here: unsigned 32-bit seconds run out. */
const SEARCH_DEFAULT_END = new Date(2 ** 32 * 1000);
/** Dates between the rollovers the scan of a search also runs at, at most this far apart. */
const SEARCH_SCAN_SPACING_YEARS = 12;
/**
 * The dates a search scans before it bisects: both ends of the range, both sides of every
 * rollover inside it, and dates in between no more than SEARCH_SCAN_SPACING_YEARS apart, in
 * order. A line that changes twice between two of them (fails for a while, then passes
 * again) is missed: the scan is where the bisection starts.
 */
function searchScanDates(from, to) {
    const inside = (d) => d.getTime() > from.getTime() && d.getTime() < to.getTime();
    const edges = rolloverDates().filter(inside);
    const anchors = [from, ...edges, to].sort((a, b) => a.getTime() - b.getTime());
    const spacing = SEARCH_SCAN_SPACING_YEARS * 365.2425 * 86400 * 1000;
    const between = [];
    for (let i = 1; i < anchors.length; i++) {
        const gap = anchors[i].getTime() - anchors[i - 1].getTime();
        const pieces = Math.ceil(gap / spacing);
        for (let k = 1; k < pieces; k++) {
            between.push(new Date(Math.floor((anchors[i - 1].getTime() + (gap * k) / pieces) / 1000) * 1000));
        }
    }
    const all = [...anchors, ...between].sort((a, b) => a.getTime() - b.getTime());
    return all.filter((d, i) => i === 0 || d.getTime() !== all[i - 1].getTime());
}

;// CONCATENATED MODULE: ./src/protocol/names.ts
/**
 * The names both sides of the guest protocol use. The host defines them here and hands them
 * to the guest: the initramfs reads the harness disk's serial and mount point from the
 * kernel command line (`harnessKernelParams`), init.sh reads the rest from the run's config
 * on the harness disk (run-config.ts). No guest script writes one of them as a literal.
 */
/** Bump with any change to the guest scripts' records. */
const HARNESS_VERSION = 12;
/** The virtio serial port the guest writes its records to (a file on the host). */
const RESULTS_PORT_NAME = 'y2038';
/** The virtio serial port the guest says `ready` on and reads its job from (a unix socket on the host). */
const JOB_PORT_NAME = 'y2038-job';
/** The serial number the initramfs finds the harness disk by. */
const HARNESS_DISK_SERIAL = 'y2038-harness';
/** The serial number init.sh finds the user's directory (workdir) by. */
const WORKDIR_DISK_SERIAL = 'y2038-work';
/**
 * The serial number init.sh finds the probe's disk by. It is there from the boot but mounted
 * only once the job has come, so that a saved guest holds nothing of the probe.
 */
const PROBE_DISK_SERIAL = 'y2038-probe';
/** Where the harness is in the guest: the harness disk, mounted read-only by the initramfs. */
const GUEST_HARNESS_DIR = '/run/y2038';
/**
 * Where the harness's own programs are in the guest, on the harness disk, for a userland the
 * tool did not build (image/runtime.ts): their dynamic programs are linked to this place.
 */
const RUNTIME_SUBDIR = 'runtime';
const GUEST_RUNTIME_DIR = `${GUEST_HARNESS_DIR}/${RUNTIME_SUBDIR}`;
/** Where the user's `workdir` appears in the guest: the working directory of setup and probe. */
const GUEST_WORKDIR = '/work';
/** Where the probe's disk is mounted in the guest, once the job has come. */
const GUEST_PROBE_DIR = '/run/y2038-probe';
/** The kernel command line's part that tells the initramfs which disk is the harness's and where it goes. */
function harnessKernelParams() {
    return [`y2038.harness=${HARNESS_DISK_SERIAL}`, `y2038.dir=${GUEST_HARNESS_DIR}`];
}

;// CONCATENATED MODULE: external "node:net"
const external_node_net_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");
var external_node_net_default = /*#__PURE__*/__nccwpck_require__.n(external_node_net_namespaceObject);
;// CONCATENATED MODULE: ./src/host/unix-socket.ts

/** One attempt to connect to a unix socket QEMU listens on. */
function connectUnix(socketPath) {
    return new Promise((resolve, reject) => {
        const socket = external_node_net_default().connect(socketPath, () => resolve(socket));
        socket.once('error', reject);
    });
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./src/protocol/job.ts
/**
 * The job port's conversation. After a boot (or a restore of the state saved there) the
 * guest says `ready` and reads one job line; the host answers with the date's job.
 *
 *     job <token> <epoch> <date> <seed> <out token> <crossing> <attempt>
 *
 * The clock is set to <epoch>; <crossing> is the epoch of the date it then crosses, or 0;
 * <attempt> is 1, or 2 when the date runs again to confirm its findings. Pure.
 */


/** What the guest says on the job port when it waits for its job. */
const READY_LINE = 'ready\n';
/** A record token: random per session, so that nothing of another boot is taken for a record. */
function newToken() {
    return (0,external_node_crypto_namespaceObject.randomBytes)(6).toString('hex');
}
function newJob(date, stepTo = date, attempt = 1) {
    return {
        token: newToken(),
        date,
        stepTo,
        crossing: stepTo.getTime() !== date.getTime(),
        seed: (0,external_node_crypto_namespaceObject.randomBytes)(32).toString('hex'),
        outToken: newToken(),
        attempt,
    };
}
/** Whole seconds, or with milliseconds when the date has them (a search's steps). */
function epochField(date) {
    const ms = date.getTime() % 1000;
    return ms === 0 ? String(epochSeconds(date)) : `${epochSeconds(date)}.${String(ms).padStart(3, '0')}`;
}
function jobLine(job) {
    const fields = [
        job.token,
        epochField(job.stepTo),
        formatInstant(job.date),
        job.seed,
        job.outToken,
        job.crossing ? String(epochSeconds(job.date)) : '0',
        String(job.attempt),
    ];
    for (const field of fields) {
        if (!/^[A-Za-z0-9:.+-]+$/.test(field))
            throw new Error(`unsafe job field: ${field}`);
    }
    return `job ${fields.join(' ')}\n`;
}

;// CONCATENATED MODULE: ./src/protocol/job-port.ts



class JobPort {
    socket;
    received = '';
    closed = false;
    readyWaiters = [];
    constructor(socket) {
        this.socket = socket;
        socket.setEncoding('utf8');
        socket.on('data', (chunk) => {
            this.received += chunk;
            if (this.received.includes(READY_LINE))
                for (const waiter of this.readyWaiters.splice(0))
                    waiter.resolve();
        });
        socket.on('error', () => undefined);
        socket.on('close', () => {
            this.closed = true;
            for (const waiter of this.readyWaiters.splice(0))
                waiter.reject(new Error('the guest never said it was ready'));
        });
    }
    /** Connects once QEMU listens; gives up when `alive` says QEMU has gone. */
    static async connect(socketPath, alive) {
        for (;;) {
            try {
                return new JobPort(await connectUnix(socketPath));
            }
            catch (error) {
                if (!alive())
                    throw new Error(`QEMU ended before its job port opened (${error.message})`);
                await (0,external_node_timers_promises_namespaceObject.setTimeout)(50);
            }
        }
    }
    /** Resolves when the guest has said `ready`: booted, waiting for its job. */
    ready() {
        if (this.received.includes(READY_LINE))
            return Promise.resolve();
        if (this.closed)
            return Promise.reject(new Error('the guest never said it was ready'));
        return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
    }
    send(text) {
        this.socket.write(text);
    }
    close() {
        this.socket.destroy();
    }
}

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: ./src/host/proc.ts
/**
 * The edge where the engine starts processes. Everything that runs a program goes through
 * a CommandRunner, so privilege (sudo), cleanup on interruption and tests meet in one place.
 */


function isRoot() {
    return typeof process.getuid === 'function' && process.getuid() === 0;
}
/** The argv that runs `command` as root from this process. */
/** What sudo keeps of the environment: apt's mode, and the proxies mmdebstrap's apt must use. */
const PRESERVED_ENV = [
    'DEBIAN_FRONTEND',
    'http_proxy',
    'https_proxy',
    'no_proxy',
    'HTTP_PROXY',
    'HTTPS_PROXY',
    'NO_PROXY',
];
function privilegedArgv(command, args, root = isRoot()) {
    if (root)
        return [command, args];
    // -n: never prompt; a missing sudo rule must fail, not hang a CI job.
    return ['sudo', ['-n', `--preserve-env=${PRESERVED_ENV.join(',')}`, '--', command, ...args]];
}
const running = new Set();
/**
 * The pids of this process's children, read from /proc: the ones a library started too
 * (@actions/exec keeps no handle it gives out), so that an interruption reaches them all.
 */
function childPids(parent = process.pid) {
    const pids = [];
    for (const entry of (0,external_node_fs_namespaceObject.readdirSync)('/proc')) {
        if (!/^\d+$/.test(entry))
            continue;
        try {
            // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
            const stat = (0,external_node_fs_namespaceObject.readFileSync)(`/proc/${entry}/stat`, 'utf8');
            const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
            if (ppid === parent)
                pids.push(Number(entry));
        }
        catch {
            // Gone while we looked.
        }
    }
    return pids;
}
/** The tool was told to stop (SIGINT, SIGTERM, SIGHUP). */
class InterruptedError extends Error {
    signal;
    constructor(signal) {
        super(`interrupted by ${signal}`);
        this.signal = signal;
        this.name = 'InterruptedError';
    }
    /** The exit status of a process ended by the signal, as a shell reports it: 128 + its number. */
    get exitStatus() {
        return 128 + (this.signal === 'SIGINT' ? 2 : this.signal === 'SIGHUP' ? 1 : 15);
    }
}
const interruption = new AbortController();
/**
 * Aborted when the tool is told to stop: the one signal the engine checks before each step
 * and every runner checks before it starts a command.
 */
const interruptSignal = interruption.signal;
/** Refuses to start anything once the tool has been told to stop. */
function checkNotInterrupted(command, signal = interruptSignal) {
    if (signal.aborted)
        throw new Error(`${signal.reason.message}: not starting ${command}`);
}
function signalChildren(signal) {
    for (const child of running)
        child.kill(signal);
    for (const pid of childPids()) {
        try {
            process.kill(pid, signal);
        }
        catch {
            // Already gone.
        }
    }
}
/** Children still running, for the interruption handler. */
function runningChildren() {
    return [...running];
}
function appendCapped(current, chunk, cap) {
    const next = current + chunk.toString('utf8');
    return next.length > cap ? next.slice(next.length - cap) : next;
}
class ProcessRunner {
    start(command, args, options = {}) {
        checkNotInterrupted(command);
        const [file, argv] = options.privileged ? privilegedArgv(command, args) : [command, args];
        const cap = options.maxCapture ?? 4 * 1024 * 1024;
        const child = (0,external_node_child_process_namespaceObject.spawn)(file, argv, {
            cwd: options.cwd,
            env: options.env ?? process.env,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        running.add(child);
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => {
            stdout = appendCapped(stdout, chunk, cap);
            options.onStdout?.(chunk);
        });
        child.stderr.on('data', (chunk) => {
            stderr = appendCapped(stderr, chunk, cap);
            options.onStderr?.(chunk);
        });
        const done = new Promise((resolve, reject) => {
            child.on('error', (error) => {
                running.delete(child);
                reject(error);
            });
            child.on('close', (code, signal) => {
                running.delete(child);
                resolve({ code, signal, stdout, stderr });
            });
        });
        return { child, done };
    }
    run(command, args, options = {}) {
        return this.start(command, args, options).done;
    }
}
/**
 * Runs a program to its end and waits for it, blocking: only where nothing asynchronous can
 * run (cleanup while the tool is being interrupted) or where a caller must stay synchronous.
 * A program that could not start has code null and the reason on stderr.
 */
function runSync(command, args, options = {}) {
    const [file, argv] = options.privileged ? privilegedArgv(command, args) : [command, args];
    const run = (0,external_node_child_process_namespaceObject.spawnSync)(file, argv, {
        encoding: 'utf8',
        ...(options.input !== undefined ? { input: options.input } : { stdio: ['ignore', 'pipe', 'pipe'] }),
        ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
    });
    return {
        code: run.status,
        signal: run.signal,
        stdout: run.stdout ?? '',
        stderr: run.error ? String(run.error.message) : (run.stderr ?? ''),
    };
}
let handlersInstalled = false;
const cleanups = new Set();
/** Registers work to do (kill a guest, remove a half-built tree) if the tool is interrupted. */
function onInterrupt(cleanup) {
    installInterruptHandlers();
    cleanups.add(cleanup);
    return () => cleanups.delete(cleanup);
}
/** Runs each pending cleanup once; one failing does not stop the others. */
function runCleanups() {
    const pending = [...cleanups];
    cleanups.clear();
    for (const cleanup of pending) {
        try {
            cleanup();
        }
        catch {
            // Keep going: every registered cleanup gets its chance.
        }
    }
}
function installInterruptHandlers() {
    if (handlersInstalled)
        return;
    handlersInstalled = true;
    // Every exit with work still registered (an interruption, an uncaught error, a closed
    // standard output) kills what is left and removes half-built trees. Only synchronous
    // work is possible here.
    process.on('exit', () => {
        runCleanups();
        signalChildren('SIGKILL');
    });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
        process.once(signal, () => {
            interruption.abort(new InterruptedError(signal));
            process.stderr.write(`y2038: interrupted by ${signal}, stopping guests and builds\n`);
            // sudo passes SIGTERM on to the command it runs (a SIGKILL would stop sudo alone).
            signalChildren('SIGTERM');
            const code = new InterruptedError(signal).exitStatus;
            // Exit once the children are gone (at most a few seconds), so that an interrupted
            // run is never reported as if it had finished; the exit handler does the rest.
            const deadline = Date.now() + 5000;
            const wait = setInterval(() => {
                if ((running.size > 0 || childPids().length > 0) && Date.now() < deadline)
                    return;
                clearInterval(wait);
                process.exit(code);
            }, 50);
        });
    }
}

;// CONCATENATED MODULE: ./src/config/text.ts
/** Reading program output (the lines that carry something, the last of them) and cleaning what is shown. Pure. */
/** Non-blank lines, without the carriage return a serial console adds. */
function nonBlankLines(text) {
    return text
        .split('\n')
        .map((line) => line.replace(/\r$/, ''))
        .filter((line) => line.trim() !== '');
}
/** The last `count` non-blank lines. */
function lastLines(text, count) {
    return nonBlankLines(text).slice(-count);
}
/** The last non-blank line, trimmed, for one-line error messages. */
function lastLine(text) {
    return nonBlankLines(text).at(-1)?.trim() ?? '(no output)';
}
/** One single-quoted word for a POSIX shell (and for Perl's shellwords): any text survives it. */
function shellQuote(text) {
    return `'${text.replace(/'/g, `'\\''`)}'`;
}
/** Text with the user:password of every URL in it replaced, for anything a person or a log sees. */
function redactCredentials(text) {
    return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@');
}

;// CONCATENATED MODULE: ./src/vm/qemu-option.ts
/** A value inside a QEMU option list (`key=value,...`): a comma is written twice. */
function qemuOptionValue(value) {
    return value.replace(/,/g, ',,');
}

;// CONCATENATED MODULE: ./src/vm/ram-file.ts

/** migrate-set-capabilities' arguments: RAM in a shared mapping is not in the stream. */
const IGNORE_SHARED = { capabilities: [{ capability: 'x-ignore-shared', state: true }] };
/** `QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)` → 7.2. */
function parseQemuVersion(versionLine) {
    const match = /version (\d+)\.(\d+)/.exec(versionLine);
    return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}
const atLeast = (v, major, minor) => v.major > major || (v.major === major && v.minor >= minor);
/**
 * How this QEMU maps a RAM file, or why it cannot. `-machine memory-backend=` came in 5.0.
 * From 8.2 (`rom=off`) a clone opens the file read-only and still gets writable RAM: nothing
 * a guest does can reach the file, whoever owns it. Before, a clone opens it read-write and
 * maps it privately (MAP_PRIVATE: its writes stay its own all the same).
 */
function ramFileSupport(versionLine) {
    const version = parseQemuVersion(versionLine);
    if (!version)
        return { why: `no version in '${versionLine}'` };
    if (!atLeast(version, 5, 0))
        return { why: `QEMU ${version.major}.${version.minor} has no -machine memory-backend` };
    return { readOnlyOpen: atLeast(version, 8, 2) };
}
/** The arguments that put the machine's RAM in `ram.path`, under the name it has without them. */
function ramFileArgs(ram, machine) {
    const access = ram.use === 'template' ? ['share=on'] : ram.readOnlyOpen ? ['share=off', 'readonly=on', 'rom=off'] : ['share=off'];
    // The template runs paused: saved with that runstate in the stream, its clones would not
    // start once loaded. Without it, they start as a restore from the whole state does.
    const template = ram.use === 'template' ? ['-global', 'migration.store-global-state=off'] : [];
    return [
        ...template,
        '-object',
        [
            'memory-backend-file',
            `id=${machine.ramId}`,
            `size=${machine.memoryMiB}M`,
            `mem-path=${qemuOptionValue(ram.path)}`,
            ...access,
        ].join(','),
        '-machine',
        `memory-backend=${machine.ramId}`,
    ];
}

;// CONCATENATED MODULE: ./src/vm/qemu.ts
/**
 * One guest boot: the QEMU command line (pure, in GuestVm.args) and running it, as the
 * invoking user, with a timeout, its console kept as a log, and no QEMU left behind.
 */









/** Under KVM the guest runs on the host's CPU model, whatever the TCG default is. */
function machineArgsFor(machine, accel) {
    const args = [...machine.machineArgs];
    const cpu = args.indexOf('-cpu');
    if (accel === 'kvm' && cpu >= 0)
        args[cpu + 1] = 'host';
    return args;
}
class GuestVm {
    spec;
    constructor(spec) {
        this.spec = spec;
    }
    kernelCommandLine() {
        const { machine } = this.spec;
        return [
            `console=${machine.console},115200`,
            // The image is mounted read-only; the initramfs lays a tmpfs overlay over it.
            'root=/dev/vda',
            'rootfstype=erofs',
            'ro',
            // A panic (a failed initramfs) ends QEMU at once instead of waiting for the timeout.
            'panic=-1',
            // Every line written to /dev/kmsg reaches the console (init: systemd logs there).
            'printk.devkmsg=on',
            ...harnessKernelParams(),
            // PID 1 is a shell (the userland's /bin/sh, or the harness's own) running the harness the initramfs put in /run/y2038.
            `init=${this.spec.init}`,
            '--',
            `${GUEST_HARNESS_DIR}/init.sh`,
        ].join(' ');
    }
    args() {
        const spec = this.spec;
        const machine = spec.machine;
        const virtio = (name) => (machine.virtioBus === 'pci' ? `${name}-pci` : `${name}-device`);
        return [
            ...machineArgsFor(machine, spec.accel),
            '-m',
            String(machine.memoryMiB),
            ...(spec.ram ? ramFileArgs(spec.ram, machine) : []),
            '-smp',
            '1',
            '-nodefaults',
            '-no-user-config',
            '-display',
            'none',
            '-no-reboot',
            '-accel',
            spec.accel,
            '-rtc',
            `base=${qemuRtcBase(spec.rtcBase)},clock=vm`,
            '-kernel',
            spec.kernel,
            '-initrd',
            spec.initrd,
            '-append',
            this.kernelCommandLine(),
            '-chardev',
            'stdio,id=console,signal=off',
            '-serial',
            'chardev:console',
            // read-only: nothing the guest does reaches the cached image.
            '-drive',
            `file=${qemuOptionValue(spec.rootImage)},if=none,id=root,format=raw,readonly=on`,
            '-device',
            `${virtio('virtio-blk')},drive=root`,
            '-drive',
            `file=${qemuOptionValue(spec.harnessImage)},if=none,id=harness,format=raw,readonly=on`,
            '-device',
            `${virtio('virtio-blk')},drive=harness,serial=${HARNESS_DISK_SERIAL}`,
            ...(spec.workdirImage
                ? [
                    '-drive',
                    `file=${qemuOptionValue(spec.workdirImage)},if=none,id=work,format=raw,readonly=on`,
                    '-device',
                    `${virtio('virtio-blk')},drive=work,serial=${WORKDIR_DISK_SERIAL}`,
                ]
                : []),
            '-drive',
            `file=${qemuOptionValue(spec.probeImage)},if=none,id=probe,format=raw,readonly=on`,
            '-device',
            `${virtio('virtio-blk')},drive=probe,serial=${PROBE_DISK_SERIAL}`,
            '-device',
            virtio('virtio-serial'),
            '-chardev',
            `file,id=results,path=${qemuOptionValue(spec.resultsFile)}`,
            '-device',
            `virtserialport,chardev=results,name=${RESULTS_PORT_NAME}`,
            '-chardev',
            `socket,id=job,path=${qemuOptionValue(spec.jobSocket)},server=on,wait=off`,
            '-device',
            `virtserialport,chardev=job,name=${JOB_PORT_NAME}`,
            '-pidfile',
            spec.pidFile,
            ...(spec.qmpSocket ? ['-qmp', `unix:${qemuOptionValue(spec.qmpSocket)},server=on,wait=off`] : []),
            ...(spec.incoming
                ? ['-incoming', spec.incoming.deferred ? 'defer' : `exec:cat ${shellQuote(spec.incoming.state)}`]
                : []),
            ...(spec.paused ? ['-S'] : []),
        ];
    }
}
/**
 * QEMU that stopped before the guest printed anything, saying why on standard error (a file
 * it cannot open, an option it does not know): a failure of the host, not of the guest.
 */
function qemuStartFailure(run, consoleText) {
    if (run.exitCode === 0 || run.exitCode === null || run.timedOut)
        return undefined;
    if (consoleText.trim() !== '' || run.qemuStderr.trim() === '')
        return undefined;
    return `QEMU could not start the guest (exit status ${run.exitCode}): ${lastLine(run.qemuStderr)}`;
}
/** QEMU's complaint when it ended with an error of its own (not a timeout, not our signal), or undefined. */
function qemuExitWarning(run) {
    if (run.exitCode === 0 || run.timedOut || run.qemuStderr.trim() === '')
        return undefined;
    if (/terminating on signal/.test(run.qemuStderr))
        return undefined;
    return `QEMU exited with status ${run.exitCode}: ${lastLine(run.qemuStderr)}`;
}
/** QEMU's own complaint on standard error (its last line), not the line of the signal we sent it. */
function qemuComplaint(run) {
    if (run.qemuStderr.trim() === '' || /terminating on signal/.test(run.qemuStderr))
        return undefined;
    return lastLine(run.qemuStderr);
}
/**
 * Why QEMU could not start from a saved guest: it ended with an error, or the host could not
 * load the state into it, before the guest sent a single record. Undefined when the restored
 * guest ran.
 */
function restoreFailure(run, recordsReceived) {
    if (recordsReceived > 0 || run.timedOut)
        return undefined;
    if (!run.jobError && run.exitCode === 0)
        return undefined;
    return qemuComplaint(run) ?? run.jobError?.message ?? `QEMU exited with status ${run.exitCode}`;
}
/** The first line of `<qemu> --version`. */
async function qemuVersion(binary, runner) {
    const version = await runner.run(binary, ['--version']);
    const first = version.stdout.split('\n')[0]?.trim() ?? '';
    if (version.code !== 0 || !first)
        throw new Error(`${binary} --version failed`);
    return first;
}
/** Signals the QEMU whose pid is in `pidFile`; never throws (it runs from event handlers). */
function killByPidFile(pidFile, signal) {
    if (!(0,external_node_fs_namespaceObject.existsSync)(pidFile))
        return;
    try {
        const pid = Number((0,external_node_fs_namespaceObject.readFileSync)(pidFile, 'utf8').trim());
        if (Number.isInteger(pid) && pid > 1)
            process.kill(pid, `SIG${signal}`);
    }
    catch {
        // Already gone.
    }
}
/** Makes the files QEMU writes empty, so that a stale pid or old results are never read. */
function precreateForQemu(...files) {
    for (const file of files)
        (0,external_node_fs_namespaceObject.writeFileSync)(file, '');
}
async function runGuest(vm, runner, options) {
    precreateForQemu(vm.spec.resultsFile, vm.spec.pidFile);
    const console = (0,external_node_fs_namespaceObject.createWriteStream)(options.consoleLog);
    const started = Date.now();
    const running = runner.start(vm.spec.machine.qemuBinary, vm.args(), {
        maxCapture: 64 * 1024,
        onStdout: (chunk) => {
            console.write(chunk);
            options.onConsole?.(chunk);
        },
    });
    const stop = () => {
        killByPidFile(vm.spec.pidFile, 'TERM');
        running.child.kill('SIGTERM');
    };
    const forget = onInterrupt(() => {
        killByPidFile(vm.spec.pidFile, 'KILL');
        running.child.kill('SIGKILL');
    });
    let exited = false;
    let jobError;
    let port;
    const job = JobPort.connect(vm.spec.jobSocket, () => !exited)
        .then(async (connected) => {
        port = connected;
        await options.onJobPort(connected);
    })
        .catch((error) => {
        jobError = error;
        // The guest cannot go on without its job: do not wait for the timeout.
        if (!exited)
            stop();
    });
    let timedOut = false;
    let escalate;
    const timer = setTimeout(() => {
        timedOut = true;
        stop();
        escalate = setTimeout(() => {
            killByPidFile(vm.spec.pidFile, 'KILL');
            running.child.kill('SIGKILL');
        }, 5000);
    }, options.timeoutSeconds * 1000);
    try {
        const result = await running.done;
        exited = true;
        port?.close();
        await job;
        return {
            exitCode: result.code,
            signal: result.signal,
            timedOut,
            durationMs: Date.now() - started,
            qemuStderr: result.stderr,
            ...(jobError ? { jobError } : {}),
        };
    }
    finally {
        clearTimeout(timer);
        if (escalate)
            clearTimeout(escalate);
        forget();
        await new Promise((resolve) => console.end(resolve));
    }
}
async function runGuestToEnd(vm, runner, options) {
    const run = await runGuest(vm, runner, options);
    const results = await (0,promises_namespaceObject.readFile)(vm.spec.resultsFile).catch(() => Buffer.alloc(0));
    const console = await (0,promises_namespaceObject.readFile)(options.consoleLog, 'utf8').catch(() => '');
    return { run, results, console };
}

;// CONCATENATED MODULE: ./src/vm/accel.ts
/**
 * KVM or TCG. A /dev/kvm that exists is not a KVM that works: on some hosts the kernel
 * starts and QEMU then stops with "KVM internal error" and hangs, which QEMU's own accel
 * fallback does not catch. So `auto` boots the guest's kernel once under KVM without a
 * root filesystem, and uses KVM only if that kernel gets as far as looking for its root.
 * The verdict is kept per host boot.
 */







/** The kernel got far enough under KVM: it ran and looked for a root it was not given. */
const KERNEL_RAN = /Kernel panic - not syncing|Unable to mount root|Run \/init as init process|Freeing unused kernel/;
const KVM_BROKE = /KVM internal error|failed to set MSR|Could not access KVM kernel module|failed to initialize kvm/i;
/** Host architectures (node's process.arch) on which a machine can use KVM. */
function kvmCapable(machine, hostArch = process.arch) {
    return machine.kernelArch === 'amd64' || machine.kernelArch === 'i386'
        ? hostArch === 'x64'
        : machine.kernelArch === 'arm64' && hostArch === 'arm64';
}
function kvmTrialArgs(machine, kernel) {
    return [
        ...machine.machineArgs,
        '-accel',
        'kvm',
        '-m',
        '256',
        '-nodefaults',
        '-no-user-config',
        '-display',
        'none',
        '-no-reboot',
        '-kernel',
        kernel,
        '-append',
        `console=${machine.console} panic=-1`,
        '-serial',
        'stdio',
    ];
}
/** Judges a KVM trial boot's output: undefined while it is still undecided. */
function judgeKvmTrial(consoleText, stderr) {
    const broke = KVM_BROKE.exec(stderr);
    if (broke)
        return { ok: false, reason: broke[0] };
    if (KERNEL_RAN.test(consoleText))
        return { ok: true, reason: 'the kernel ran under KVM' };
    return undefined;
}
function hostBootId() {
    try {
        return (0,external_node_fs_namespaceObject.readFileSync)('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    }
    catch {
        return 'unknown';
    }
}
async function trialBootKvm(machine, kernel, runner, workDir) {
    const pidFile = external_node_path_default().join(workDir, `kvm-trial-${process.pid}.pid`);
    precreateForQemu(pidFile);
    const stop = () => {
        killByPidFile(pidFile, 'KILL');
        running.child.kill('SIGTERM');
    };
    let consoleText = '';
    let stderr = '';
    let verdict;
    const running = runner.start(machine.qemuBinary, [...kvmTrialArgs(machine, kernel), '-pidfile', pidFile], {
        // As the invoking user, like the guest: a /dev/kvm this user cannot open is no KVM.
        onStdout: (chunk) => {
            consoleText += chunk.toString('utf8');
            verdict ??= judgeKvmTrial(consoleText, stderr);
            if (verdict)
                stop();
        },
        onStderr: (chunk) => {
            stderr += chunk.toString('utf8');
            verdict ??= judgeKvmTrial(consoleText, stderr);
            if (verdict)
                stop();
        },
    });
    let timedOut = false;
    const timer = setTimeout(() => {
        timedOut = true;
        stop();
    }, 20_000);
    try {
        const result = await running.done;
        return (verdict ??
            judgeKvmTrial(consoleText, stderr) ?? {
            ok: false,
            reason: timedOut ? 'the kernel did not start within 20 s' : `QEMU exited (${result.code}): ${lastLine(stderr)}`,
        });
    }
    finally {
        clearTimeout(timer);
        await (0,promises_namespaceObject.rm)(pidFile, { force: true });
    }
}
/**
 * What GitHub documents for its hosted runners: /dev/kvm for every user. Applied after QEMU's
 * packages are installed, since their own rule would otherwise win.
 */
const KVM_UDEV_RULE = 'KERNEL=="kvm", GROUP="kvm", MODE="0666", OPTIONS+="static_node=kvm"';
const KVM_UDEV_RULE_FILE = '/etc/udev/rules.d/99-y2038-kvm.rules';
function kvmUdevScript() {
    return `printf '%s\\n' '${KVM_UDEV_RULE}' > ${KVM_UDEV_RULE_FILE} && udevadm control --reload-rules && udevadm trigger --name-match=kvm`;
}
function canOpenKvm() {
    try {
        (0,external_node_fs_namespaceObject.closeSync)((0,external_node_fs_namespaceObject.openSync)('/dev/kvm', 'r+'));
        return true;
    }
    catch {
        return false;
    }
}
/**
 * QEMU runs as this user: /dev/kvm must open for it. On a GitHub-hosted runner, where
 * changing the machine is expected, the udev rule GitHub documents is applied; elsewhere
 * the reason is returned and the guest runs under TCG. Checked by opening the device.
 */
async function ensureKvmAccess(runner, log, env = process.env, opens = canOpenKvm) {
    if (opens())
        return undefined;
    if (env.GITHUB_ACTIONS !== 'true') {
        return 'this user cannot open /dev/kvm (add it to the kvm group, or run as root)';
    }
    log.info(`Opening /dev/kvm to this user with a udev rule (${KVM_UDEV_RULE_FILE})`);
    const result = await runner.run('sh', ['-c', kvmUdevScript()], { privileged: true }).catch(() => undefined);
    if (result?.code !== 0)
        return `could not apply the udev rule for /dev/kvm: ${lastLine(result?.stderr ?? '')}`;
    // udev applies the rule asynchronously.
    for (let i = 0; i < 20 && !opens(); i++)
        await (0,external_node_timers_promises_namespaceObject.setTimeout)(100);
    return opens() ? undefined : 'this user still cannot open /dev/kvm after the udev rule';
}
/** Decides between KVM and TCG for this machine, probing KVM at most once per host boot. */
async function chooseAccel(mode, machine, kernel, runner, log, cacheDir) {
    if (mode === 'tcg')
        return 'tcg';
    const capable = kvmCapable(machine) && (0,external_node_fs_namespaceObject.existsSync)('/dev/kvm');
    if (!capable) {
        if (mode === 'kvm') {
            throw new ToolError(`accel: kvm was asked for, but ${machine.qemuBinary} cannot use KVM on this ${process.arch} host${(0,external_node_fs_namespaceObject.existsSync)('/dev/kvm') ? '' : ' (no /dev/kvm)'}`);
        }
        return 'tcg';
    }
    const denied = await ensureKvmAccess(runner, log);
    if (denied) {
        if (mode === 'kvm')
            throw new ToolError(`accel: kvm was asked for, but ${denied}`);
        log.info(`KVM is not usable here (${denied}): using TCG`);
        return 'tcg';
    }
    const verdictFile = external_node_path_default().join(cacheDir, 'accel', `${machine.qemuBinary}-${hostBootId()}-uid${process.getuid?.() ?? 0}.json`);
    let verdict;
    try {
        verdict = JSON.parse(await (0,promises_namespaceObject.readFile)(verdictFile, 'utf8'));
    }
    catch {
        await (0,promises_namespaceObject.mkdir)(external_node_path_default().dirname(verdictFile), { recursive: true });
        verdict = await trialBootKvm(machine, kernel, runner, external_node_path_default().dirname(verdictFile));
        await (0,promises_namespaceObject.writeFile)(verdictFile, `${JSON.stringify(verdict)}\n`);
    }
    if (verdict.ok) {
        log.info(`Using KVM (${verdict.reason})`);
        return 'kvm';
    }
    if (mode === 'kvm')
        throw new ToolError(`accel: kvm was asked for, but KVM does not work here: ${verdict.reason}`);
    log.info(`KVM is not usable here (${verdict.reason}): using TCG`);
    return 'tcg';
}

;// CONCATENATED MODULE: ./src/config/targets.ts
/**
 * What it takes to boot each Debian architecture and suite: the kernel that runs the
 * userland, the QEMU system binary and machine. Pure data and lookups.
 */

const SUITES = ['bookworm', 'trixie', 'sid'];
const ARCHES = ['i386', 'amd64', 'armhf', 'armel', 'arm64'];
const QBOOT = '/usr/share/qemu/qboot.rom';
const QBOOT_FIRMWARE = { file: QBOOT, package: 'qemu-system-data' };
const MACHINES = {
    // qboot instead of SeaBIOS: it skips option ROM scanning and boots a -kernel about 2 s faster.
    i386: {
        kernelArch: 'i386',
        qemuBinary: 'qemu-system-i386',
        qemuPackage: 'qemu-system-x86',
        machineArgs: ['-machine', 'pc', '-bios', QBOOT],
        console: 'ttyS0',
        memoryMiB: 512,
        ramId: 'pc.ram',
        virtioBus: 'pci',
        firmware: QBOOT_FIRMWARE,
    },
    amd64: {
        kernelArch: 'amd64',
        qemuBinary: 'qemu-system-x86_64',
        qemuPackage: 'qemu-system-x86',
        machineArgs: ['-machine', 'pc', '-bios', QBOOT],
        console: 'ttyS0',
        memoryMiB: 512,
        ramId: 'pc.ram',
        virtioBus: 'pci',
        firmware: QBOOT_FIRMWARE,
    },
    // The virt machine boots a zImage with -kernel and makes its device tree itself.
    armhf: {
        kernelArch: 'armhf',
        qemuBinary: 'qemu-system-arm',
        qemuPackage: 'qemu-system-arm',
        machineArgs: ['-machine', 'virt', '-cpu', 'cortex-a15'],
        console: 'ttyAMA0',
        memoryMiB: 512,
        ramId: 'mach-virt.ram',
        virtioBus: 'pci',
    },
    arm64: {
        kernelArch: 'arm64',
        qemuBinary: 'qemu-system-aarch64',
        qemuPackage: 'qemu-system-arm',
        machineArgs: ['-machine', 'virt', '-cpu', 'cortex-a57'],
        console: 'ttyAMA0',
        memoryMiB: 512,
        ramId: 'mach-virt.ram',
        virtioBus: 'pci',
    },
};
const KERNEL_FLAVOUR = {
    i386: 'linux-image-686',
    amd64: 'linux-image-amd64',
    // cortex-a15 has LPAE; the armmp-lpae flavour is the one that boots on QEMU's virt machine.
    armhf: 'linux-image-armmp-lpae',
    arm64: 'linux-image-arm64',
};
/** Combinations that cannot boot, with the reason, refused before anything is built. */
const UNSUPPORTED = {
    armel: { sid: 'Debian dropped armel from sid after trixie: use bookworm or trixie' },
};
/**
 * The machine as this host can run it: without its firmware file (qboot) when the host's
 * QEMU does not ship it, so that QEMU falls back to its default firmware.
 */
function withAvailableFirmware(machine, exists) {
    if (!machine.firmware || exists(machine.firmware.file))
        return machine;
    const args = [...machine.machineArgs];
    const bios = args.indexOf('-bios');
    if (bios >= 0)
        args.splice(bios, 2);
    return { ...machine, machineArgs: args, firmware: undefined };
}
/**
 * Architectures whose C library has both a 32-bit and a 64-bit time_t ABI (glibc 2.34+):
 * their programs can be read for which one they use. On the others time_t is 64-bit.
 */
const TIME32_CAPABLE = ['i386', 'armhf', 'armel'];
function isArch(value) {
    return ARCHES.includes(value);
}
function isSuite(value) {
    return SUITES.includes(value);
}
/**
 * The kernel that runs a userland. Debian stopped building i386 kernels with trixie (an
 * amd64 kernel runs the i386 userland), and has no armel kernel for QEMU's virt machine
 * (the armhf kernel, ARMv7, runs ARMv5 armel programs).
 */
function kernelArchFor(arch, suite) {
    if (arch === 'i386' && suite !== 'bookworm')
        return 'amd64';
    if (arch === 'armel')
        return 'armhf';
    return arch;
}
function unsupportedReason(arch, suite) {
    return UNSUPPORTED[arch]?.[suite];
}
function resolveTarget(arch, suite) {
    const reason = unsupportedReason(arch, suite);
    if (reason)
        throw new errors_InputError('suite', `${arch} ${suite} cannot boot: ${reason}`);
    const kernelArch = kernelArchFor(arch, suite);
    const target = {
        arch,
        suite,
        kernelPackage: KERNEL_FLAVOUR[kernelArch],
        kernelSuite: suite,
        machine: MACHINES[kernelArch],
    };
    if (kernelArch !== arch) {
        const why = arch === 'i386' ? `${suite} has no ${arch} kernel` : `Debian has no ${arch} kernel for QEMU's virt machine`;
        target.kernelNote = `${why}: the ${arch} userland runs on the ${kernelArch} kernel (${target.kernelPackage})`;
    }
    return target;
}

;// CONCATENATED MODULE: ./src/audit/elf.ts
/**
 * A small ELF reader: what a program or shared library imports from other objects, read
 * from its dynamic symbol table, and how it was linked. Enough for the time_t audit, no
 * more: 32- and 64-bit, either byte order, section headers as Debian ships them. Pure.
 */
class ElfError extends Error {
}
const SHT_DYNSYM = 11;
const SHT_DYNAMIC = 6;
const SHT_GNU_VERNEED = 0x6ffffffe;
const SHT_GNU_VERSYM = 0x6fffffff;
const STT_FUNC = 2;
const STT_GNU_IFUNC = 10;
const PT_INTERP = 3;
const DT_NEEDED = 1;
function isElf(head) {
    return head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
}
function readElfImports(data) {
    if (!isElf(data))
        throw new ElfError('not an ELF file');
    if (data.length < 52)
        throw new ElfError('truncated ELF header');
    const bits = data[4] === 1 ? 32 : data[4] === 2 ? 64 : undefined;
    const little = data[5] === 1 ? true : data[5] === 2 ? false : undefined;
    if (bits === undefined || little === undefined)
        throw new ElfError('unknown ELF class or byte order');
    if (bits === 64 && data.length < 64)
        throw new ElfError('truncated ELF header');
    const need = (offset, size, what) => {
        if (offset < 0 || size < 0 || offset + size > data.length)
            throw new ElfError(`truncated ELF: ${what} past the end`);
    };
    const u16 = (at) => (little ? data.readUInt16LE(at) : data.readUInt16BE(at));
    const u32 = (at) => (little ? data.readUInt32LE(at) : data.readUInt32BE(at));
    const addr = (at) => {
        if (bits === 32)
            return u32(at);
        const value = little ? data.readBigUInt64LE(at) : data.readBigUInt64BE(at);
        if (value > BigInt(Number.MAX_SAFE_INTEGER))
            throw new ElfError('ELF offset out of range');
        return Number(value);
    };
    const eType = u16(16);
    const type = eType === 2 ? 'exec' : eType === 3 ? 'dyn' : 'other';
    const [phoff, shoff] = bits === 32 ? [u32(28), u32(32)] : [addr(32), addr(40)];
    const [phentsize, phnum, shentsize, shnum, shstrndx] = bits === 32 ? [u16(42), u16(44), u16(46), u16(48), u16(50)] : [u16(54), u16(56), u16(58), u16(60), u16(62)];
    let interpreter = false;
    if (phnum > 0) {
        need(phoff, phentsize * phnum, 'program headers');
        for (let i = 0; i < phnum; i++)
            if (u32(phoff + i * phentsize) === PT_INTERP)
                interpreter = true;
    }
    if (shnum === 0)
        throw new ElfError('no section headers');
    need(shoff, shentsize * shnum, 'section headers');
    const sections = [];
    for (let i = 0; i < shnum; i++) {
        const at = shoff + i * shentsize;
        sections.push(bits === 32
            ? {
                name: u32(at),
                type: u32(at + 4),
                offset: u32(at + 16),
                size: u32(at + 20),
                link: u32(at + 24),
                entsize: u32(at + 36),
            }
            : {
                name: u32(at),
                type: u32(at + 4),
                offset: addr(at + 24),
                size: addr(at + 32),
                link: u32(at + 40),
                entsize: addr(at + 56),
            });
    }
    const stringAt = (table, offset) => {
        if (!table)
            throw new ElfError('a string table is missing');
        need(table.offset, table.size, 'a string table');
        if (offset >= table.size)
            throw new ElfError('a name past its string table');
        const start = table.offset + offset;
        const end = data.indexOf(0, start);
        if (end < 0 || end > table.offset + table.size)
            throw new ElfError('an unterminated name');
        return data.toString('latin1', start, end);
    };
    const names = sections[shstrndx];
    const sectionName = (s) => (names ? stringAt(names, s.name) : '');
    const go = sections.some((s) => ['.go.buildinfo', '.note.go.buildid', '.gopclntab'].includes(sectionName(s)));
    // Version indexes (vna_other) of the versions this file needs, and their names.
    const versionNames = new Map();
    const verneed = sections.find((s) => s.type === SHT_GNU_VERNEED);
    if (verneed) {
        need(verneed.offset, verneed.size, 'the version needs');
        const strtab = sections[verneed.link];
        for (let at = verneed.offset, guard = 0; guard < 1000; guard++) {
            need(at, 16, 'a version need');
            const [count, auxOffset, next] = [u16(at + 2), u32(at + 8), u32(at + 12)];
            for (let aux = at + auxOffset, i = 0; i < count; i++) {
                need(aux, 16, 'a version need entry');
                versionNames.set(u16(aux + 6), stringAt(strtab, u32(aux + 8)));
                const nextAux = u32(aux + 12);
                if (nextAux === 0)
                    break;
                aux += nextAux;
            }
            if (next === 0)
                break;
            at += next;
        }
    }
    const versym = sections.find((s) => s.type === SHT_GNU_VERSYM);
    const imports = [];
    const glibcFunctions = [];
    const dynsym = sections.find((s) => s.type === SHT_DYNSYM);
    if (dynsym) {
        const entsize = dynsym.entsize || (bits === 32 ? 16 : 24);
        need(dynsym.offset, dynsym.size, 'the dynamic symbol table');
        if (versym)
            need(versym.offset, versym.size, 'the symbol versions');
        const strtab = sections[dynsym.link];
        for (let at = dynsym.offset + entsize, index = 1; at + entsize <= dynsym.offset + dynsym.size; at += entsize, index++) {
            const shndx = bits === 32 ? u16(at + 14) : u16(at + 6);
            if (shndx !== 0)
                continue;
            const name = stringAt(strtab, u32(at));
            if (!name)
                continue;
            imports.push(name);
            const kind = data[bits === 32 ? at + 12 : at + 4] & 0xf;
            const versionAt = versym ? versym.offset + index * 2 : -1;
            const version = versym && versionAt + 2 <= versym.offset + versym.size ? versionNames.get(u16(versionAt) & 0x7fff) : undefined;
            if ((kind === STT_FUNC || kind === STT_GNU_IFUNC) && version?.startsWith('GLIBC_'))
                glibcFunctions.push(name);
        }
    }
    const needed = [];
    const dynamic = sections.find((s) => s.type === SHT_DYNAMIC);
    if (dynamic) {
        const entsize = dynamic.entsize || (bits === 32 ? 8 : 16);
        need(dynamic.offset, dynamic.size, 'the dynamic section');
        for (let at = dynamic.offset; at + entsize <= dynamic.offset + dynamic.size; at += entsize) {
            const tag = bits === 32 ? u32(at) : addr(at);
            if (tag === 0)
                break;
            if (tag === DT_NEEDED)
                needed.push(stringAt(sections[dynamic.link], bits === 32 ? u32(at + 4) : addr(at + 8)));
        }
    }
    return {
        bits,
        type,
        interpreter,
        needed,
        imports: [...new Set(imports)].sort(),
        glibcFunctions: [...new Set(glibcFunctions)].sort(),
        go,
    };
}

;// CONCATENATED MODULE: ./src/audit/time-symbols.ts
/**
 * The version of the audit's rules (what the ELF reader reads, how classifyImports decides):
 * stored audits are read at build, so a change of the rules must make new userland keys.
 * 2: only glibc-versioned functions count; low-confidence names alone make time32.
 * 3: a root's audit keeps what each installed package depends on (a named package without
 *    ELF files is followed to those that hold them).
 * 4: a time32 or mixed file's reason names the offset functions it imports without their
 *    large-file (`64`) names.
 */
const AUDIT_RULES_VERSION = 4;
const TIME_SYMBOLS_SOURCE = 'glibc 2.34+ time64 symbols (GLIBC_2.34, 2.35, 2.37), read from Debian bookworm i386 libc.so.6 and glibc 2.37';
const TIME_SYMBOLS = [
    { time64: '___adjtimex64', time32: ['adjtimex', '__adjtimex', 'ntp_adjtime'] },
    { time64: '__adjtime64', time32: ['adjtime'] },
    { time64: '__aio_suspend_time64', time32: ['aio_suspend', 'aio_suspend64'] },
    { time64: '__clock_adjtime64', time32: ['clock_adjtime'] },
    { time64: '__clock_getres64', time32: ['clock_getres'] },
    { time64: '__clock_gettime64', time32: ['clock_gettime', '__clock_gettime'] },
    { time64: '__clock_nanosleep_time64', time32: ['clock_nanosleep'] },
    { time64: '__clock_settime64', time32: ['clock_settime'] },
    { time64: '__cnd_timedwait64', time32: ['cnd_timedwait'] },
    { time64: '__ctime64', time32: ['ctime'] },
    { time64: '__ctime64_r', time32: ['ctime_r'] },
    { time64: '__difftime64', time32: ['difftime'] },
    { time64: '__epoll_pwait2_time64', time32: ['epoll_pwait2'] },
    { time64: '__fcntl_time64', time32: ['fcntl', 'fcntl64', '__fcntl'], low: true },
    { time64: '__fstat64_time64', time32: ['fstat', 'fstat64', '__fxstat', '__fxstat64'] },
    { time64: '__fstatat64_time64', time32: ['fstatat', 'fstatat64', '__fxstatat', '__fxstatat64'] },
    { time64: '__fts64_children_time64', time32: ['fts_children', 'fts64_children'] },
    { time64: '__fts64_close_time64', time32: ['fts_close', 'fts64_close'] },
    { time64: '__fts64_open_time64', time32: ['fts_open', 'fts64_open'] },
    { time64: '__fts64_read_time64', time32: ['fts_read', 'fts64_read'] },
    { time64: '__fts64_set_time64', time32: ['fts_set', 'fts64_set'] },
    { time64: '__ftw64_time64', time32: ['ftw', 'ftw64'] },
    { time64: '__futimens64', time32: ['futimens'] },
    { time64: '__futimes64', time32: ['futimes'] },
    { time64: '__futimesat64', time32: ['futimesat'] },
    { time64: '__gai_suspend_time64', time32: ['gai_suspend'] },
    { time64: '__getitimer64', time32: ['getitimer'] },
    { time64: '__getrusage64', time32: ['getrusage'] },
    { time64: '__getsockopt64', time32: ['getsockopt'], low: true },
    { time64: '__gettimeofday64', time32: ['gettimeofday', '__gettimeofday'] },
    { time64: '__glob64_time64', time32: ['glob', 'glob64'], low: true },
    { time64: '__globfree64_time64', time32: ['globfree', 'globfree64'], low: true },
    { time64: '__gmtime64', time32: ['gmtime'] },
    { time64: '__gmtime64_r', time32: ['gmtime_r'] },
    { time64: '__ioctl_time64', time32: ['ioctl'], low: true },
    { time64: '__localtime64', time32: ['localtime'] },
    { time64: '__localtime64_r', time32: ['localtime_r'] },
    { time64: '__lstat64_time64', time32: ['lstat', 'lstat64', '__lxstat', '__lxstat64'] },
    { time64: '__lutimes64', time32: ['lutimes'] },
    { time64: '__mktime64', time32: ['mktime', 'timelocal'] },
    { time64: '__mq_timedreceive_time64', time32: ['mq_timedreceive'] },
    { time64: '__mq_timedsend_time64', time32: ['mq_timedsend'] },
    { time64: '__msgctl64', time32: ['msgctl'], low: true },
    { time64: '__mtx_timedlock64', time32: ['mtx_timedlock'] },
    { time64: '__nanosleep64', time32: ['nanosleep', '__nanosleep'] },
    { time64: '__nftw64_time64', time32: ['nftw', 'nftw64'] },
    { time64: '__ntp_gettime64', time32: ['ntp_gettime'] },
    { time64: '__ntp_gettimex64', time32: ['ntp_gettimex'] },
    { time64: '__ppoll64', time32: ['ppoll'] },
    {
        time64: '__ppoll64_chk',
        time32: ['__ppoll_chk'],
        note: 'a fortified _TIME_BITS=64 build against glibc before 2.37 (bookworm has 2.36) still calls __ppoll_chk (glibc bug 29746)',
    },
    { time64: '__prctl_time64', time32: ['prctl'], low: true },
    { time64: '__pselect64', time32: ['pselect'] },
    { time64: '__pthread_clockjoin_np64', time32: ['pthread_clockjoin_np'] },
    { time64: '__pthread_cond_clockwait64', time32: ['pthread_cond_clockwait'] },
    { time64: '__pthread_cond_timedwait64', time32: ['pthread_cond_timedwait'] },
    { time64: '__pthread_mutex_clocklock64', time32: ['pthread_mutex_clocklock'] },
    { time64: '__pthread_mutex_timedlock64', time32: ['pthread_mutex_timedlock'] },
    { time64: '__pthread_rwlock_clockrdlock64', time32: ['pthread_rwlock_clockrdlock'] },
    { time64: '__pthread_rwlock_clockwrlock64', time32: ['pthread_rwlock_clockwrlock'] },
    { time64: '__pthread_rwlock_timedrdlock64', time32: ['pthread_rwlock_timedrdlock'] },
    { time64: '__pthread_rwlock_timedwrlock64', time32: ['pthread_rwlock_timedwrlock'] },
    { time64: '__pthread_timedjoin_np64', time32: ['pthread_timedjoin_np'] },
    { time64: '__recvmmsg64', time32: ['recvmmsg'] },
    { time64: '__recvmsg64', time32: ['recvmsg'], low: true },
    { time64: '__sched_rr_get_interval64', time32: ['sched_rr_get_interval'] },
    { time64: '__select64', time32: ['select', '__select'] },
    { time64: '__sem_clockwait64', time32: ['sem_clockwait'] },
    { time64: '__sem_timedwait64', time32: ['sem_timedwait'] },
    { time64: '__semctl64', time32: ['semctl'], low: true },
    { time64: '__semtimedop64', time32: ['semtimedop'] },
    { time64: '__sendmmsg64', time32: ['sendmmsg'], low: true },
    { time64: '__sendmsg64', time32: ['sendmsg'], low: true },
    { time64: '__setitimer64', time32: ['setitimer'] },
    { time64: '__setsockopt64', time32: ['setsockopt'], low: true },
    { time64: '__settimeofday64', time32: ['settimeofday'] },
    { time64: '__shmctl64', time32: ['shmctl'], low: true },
    { time64: '__sigtimedwait64', time32: ['sigtimedwait'] },
    { time64: '__stat64_time64', time32: ['stat', 'stat64', '__xstat', '__xstat64'] },
    { time64: '__thrd_sleep64', time32: ['thrd_sleep'] },
    { time64: '__time64', time32: ['time'] },
    { time64: '__timegm64', time32: ['timegm'] },
    { time64: '__timer_gettime64', time32: ['timer_gettime'] },
    { time64: '__timer_settime64', time32: ['timer_settime'] },
    { time64: '__timerfd_gettime64', time32: ['timerfd_gettime'] },
    { time64: '__timerfd_settime64', time32: ['timerfd_settime'] },
    { time64: '__timespec_get64', time32: ['timespec_get'] },
    { time64: '__timespec_getres64', time32: ['timespec_getres'] },
    { time64: '__utime64', time32: ['utime'] },
    { time64: '__utimensat64', time32: ['utimensat'] },
    { time64: '__utimes64', time32: ['utimes'] },
    { time64: '__wait3_time64', time32: ['wait3'] },
    { time64: '__wait4_time64', time32: ['wait4'] },
];
/**
 * glibc's functions of a file offset or size, each with the name `_FILE_OFFSET_BITS=64`
 * redirects it to on 32-bit targets (large-file support). Importing the plain name shows a
 * build without `_FILE_OFFSET_BITS=64`, and glibc refuses `_TIME_BITS=64` without it
 * (features-time64.h): evidence that supports a 32-bit time class, never a class on its own,
 * since a program may use a 64-bit time_t through other means. Source: the same i386
 * libc.so.6, every plain name here and its `64` name exported (a unit test checks the host's).
 */
const LFS_SYMBOLS = {
    aio_cancel: 'aio_cancel64',
    aio_error: 'aio_error64',
    aio_fsync: 'aio_fsync64',
    aio_read: 'aio_read64',
    aio_return: 'aio_return64',
    aio_write: 'aio_write64',
    alphasort: 'alphasort64',
    creat: 'creat64',
    fallocate: 'fallocate64',
    fgetpos: 'fgetpos64',
    fopen: 'fopen64',
    freopen: 'freopen64',
    fseeko: 'fseeko64',
    fsetpos: 'fsetpos64',
    fstatfs: 'fstatfs64',
    fstatvfs: 'fstatvfs64',
    ftello: 'ftello64',
    ftruncate: 'ftruncate64',
    getdirentries: 'getdirentries64',
    getrlimit: 'getrlimit64',
    lio_listio: 'lio_listio64',
    lockf: 'lockf64',
    lseek: 'lseek64',
    mkostemp: 'mkostemp64',
    mkostemps: 'mkostemps64',
    mkstemp: 'mkstemp64',
    mkstemps: 'mkstemps64',
    mmap: 'mmap64',
    open: 'open64',
    openat: 'openat64',
    posix_fadvise: 'posix_fadvise64',
    posix_fallocate: 'posix_fallocate64',
    pread: 'pread64',
    preadv: 'preadv64',
    preadv2: 'preadv64v2',
    prlimit: 'prlimit64',
    pwrite: 'pwrite64',
    pwritev: 'pwritev64',
    pwritev2: 'pwritev64v2',
    readdir: 'readdir64',
    readdir_r: 'readdir64_r',
    scandir: 'scandir64',
    scandirat: 'scandirat64',
    sendfile: 'sendfile64',
    setrlimit: 'setrlimit64',
    statfs: 'statfs64',
    statvfs: 'statvfs64',
    tmpfile: 'tmpfile64',
    truncate: 'truncate64',
    versionsort: 'versionsort64',
};

;// CONCATENATED MODULE: ./src/audit/classify.ts


/**
 * - time32: imports a 32-bit time function and none of the 64-bit ones (or only functions
 *   whose use of time depends on their arguments, ioctl and the like: lower confidence);
 * - time64: imports 64-bit time functions only;
 * - mixed: both (a static library built without _TIME_BITS=64, say);
 * - none: no time function at all;
 * - unknown: not readable this way (statically linked, Go, damaged), with the reason.
 */
const TIME_CLASSES = (/* unused pure expression or super */ null && (['time32', 'time64', 'mixed', 'none', 'unknown']));
const TIME64 = new Set(TIME_SYMBOLS.map((s) => s.time64));
const TIME32 = new Map();
const NOTES = new Map();
for (const symbol of TIME_SYMBOLS) {
    for (const name of symbol.time32) {
        TIME32.set(name, symbol.low === true);
        if (symbol.note)
            NOTES.set(name, symbol.note);
    }
}
/**
 * The class of a file from the glibc functions it imports, with a reason where the class
 * alone misleads (mixed for a known cause; time32 from low-confidence names alone).
 */
function classifyImports(imports) {
    const time32 = [];
    const time64 = [];
    const low = [];
    for (const name of imports) {
        if (TIME64.has(name))
            time64.push(name);
        else if (TIME32.get(name) === true)
            low.push(name);
        else if (TIME32.has(name))
            time32.push(name);
    }
    // glibc redirects every low name to its __*_time64 form under _TIME_BITS=64: importing one
    // with no 64-bit name at all shows a build without it, even if no call passes a time.
    const lowOnly = time32.length === 0 && time64.length === 0 && low.length > 0;
    const cls = time32.length > 0 && time64.length > 0
        ? 'mixed'
        : time32.length > 0 || lowOnly
            ? 'time32'
            : time64.length > 0
                ? 'time64'
                : 'none';
    // Mixed only through names with a known cause: say it, so that the file is not taken for a half-converted build.
    const noted = cls === 'mixed' && time32.every((name) => NOTES.has(name));
    const main = noted
        ? `mixed only through ${time32.join(', ')}: ${[...new Set(time32.map((n) => NOTES.get(n)))].join('; ')}`
        : lowOnly
            ? `lower confidence: imports ${low.join(', ')} and no 64-bit time name, which glibc would have redirected under _TIME_BITS=64: built without it (whether a call passes a time depends on its arguments)`
            : undefined;
    // Supporting evidence only: a build without large-file support cannot have had _TIME_BITS=64.
    const plainOffsets = cls === 'time32' || cls === 'mixed' ? imports.filter((name) => Object.hasOwn(LFS_SYMBOLS, name)) : [];
    const support = plainOffsets.length > 0
        ? `built without _FILE_OFFSET_BITS=64 too (imports ${[...new Set(plainOffsets)].sort().join(', ')}, not their 64 names), which glibc requires for _TIME_BITS=64`
        : undefined;
    const reason = [main, support].filter((part) => part !== undefined).join('; ');
    return { class: cls, time32, time64, low, ...(reason ? { reason } : {}) };
}
/** A file this audit cannot read for its imports, and why. */
function unknownFile(path, reason) {
    return { path, class: 'unknown', time32: [], time64: [], low: [], reason };
}
/** Audits one ELF file from its bytes; never throws: a damaged file is `unknown`, with why. */
function auditElf(path, data) {
    let elf;
    try {
        elf = readElfImports(data);
    }
    catch (error) {
        return unknownFile(path, error instanceof ElfError ? error.message : `unreadable ELF (${error.message})`);
    }
    if (elf.go)
        return unknownFile(path, 'a Go program: its runtime reads the clock itself');
    if (elf.type === 'exec' && !elf.interpreter)
        return unknownFile(path, 'statically linked: its C library is inside it');
    return { path, ...classifyImports(elf.glibcFunctions) };
}
/** "12 time32, 2 none": how many files of a package are of each class. */
function classCounts(pkg) {
    const counts = new Map();
    for (const f of pkg.files)
        counts.set(f.class, (counts.get(f.class) ?? 0) + 1);
    return [...counts].map(([cls, n]) => `${n} ${cls}`).join(', ');
}
const RANK = { time32: 0, mixed: 1, time64: 2, none: 3, unknown: 4 };
/** A package is as bad as its worst file, `unknown` only when nothing else is known. */
function packageClass(files) {
    const known = files.filter((f) => f.class !== 'unknown');
    if (known.length === 0)
        return 'unknown';
    return known.map((f) => f.class).sort((a, b) => RANK[a] - RANK[b])[0];
}
/** The files of `packages` (all of them with mode `all`), grouped by package, worst first. */
/** How many steps of dependencies a named package without ELF files is followed. */
const FOLLOW_STEPS = 2;
/**
 * The packages that answer for the names given: each name that holds ELF files itself, and
 * for one that holds none (a metapackage such as python3), the packages it depends on that
 * do, following dependencies that hold none up to `steps` steps. Each is mapped to the name
 * it was followed from (undefined: named itself).
 */
function followToElf(audit, names, steps = FOLLOW_STEPS) {
    const withElf = new Set(audit.files.map((f) => f.package).filter((p) => p !== undefined));
    const answer = new Map();
    for (const name of names) {
        if (withElf.has(name) || !audit.depends?.[name]) {
            answer.set(name, undefined);
            continue;
        }
        const seen = new Set([name]);
        let frontier = audit.depends[name];
        for (let step = 0; step < steps && frontier.length > 0; step++) {
            const next = [];
            for (const dep of frontier) {
                if (seen.has(dep))
                    continue;
                seen.add(dep);
                if (withElf.has(dep)) {
                    if (!answer.has(dep))
                        answer.set(dep, name);
                }
                else
                    next.push(...(audit.depends[dep] ?? []));
            }
            frontier = next;
        }
    }
    return answer;
}
function selectPackages(audit, mode, packages) {
    if (mode === 'none')
        return [];
    const followed = followToElf(audit, packages.map((p) => p.replace(/:.*$/, '')));
    const wanted = new Set(followed.keys());
    const byPackage = new Map();
    for (const file of audit.files) {
        const name = file.package ?? '(no package)';
        if (mode === 'packages' && !wanted.has(name))
            continue;
        const list = byPackage.get(name) ?? [];
        list.push(file);
        byPackage.set(name, list);
    }
    return [...byPackage.entries()]
        .map(([name, files]) => {
        const from = mode === 'packages' ? followed.get(name) : undefined;
        return {
            package: name,
            class: packageClass(files),
            files: files.sort((a, b) => a.path.localeCompare(b.path)),
            ...(from ? { followedFrom: from } : {}),
        };
    })
        .sort((a, b) => RANK[a.class] - RANK[b.class] || a.package.localeCompare(b.package));
}
/**
 * Where a finding on the user's own files is in the repository: each file of the workdir on
 * its own, or the .deb that holds them (its files named in it). None for the guest's packages.
 */
function ownFileLocations(finding) {
    const source = finding.source;
    if (!source)
        return [];
    if (source.kind === 'workdir')
        return finding.files.map((f) => ({ file: f.path, files: [f] }));
    return [{ file: source.path, files: finding.files }];
}
/** One finding per package with time32 or mixed files. */
function auditFindings(packages, severity, probeFindings = []) {
    const findings = [];
    for (const pkg of packages) {
        const bad = pkg.files.filter((f) => f.class === 'time32' || f.class === 'mixed');
        if (bad.length === 0)
            continue;
        // A file time32 on the lower-confidence evidence alone (ioctl, fcntl...) is shown with it.
        const decided = (f) => (f.time32.length > 0 ? f.time32 : f.low);
        const files = bad.map((f) => ({ path: f.path, class: f.class, symbols: decided(f) }));
        const symbols = [...new Set(bad.flatMap(decided))].sort();
        const shown = bad.slice(0, 5).map((f) => f.path);
        const more = bad.length > shown.length ? ` and ${bad.length - shown.length} more` : '';
        const names = new Set(bad.map((f) => f.path.split('/').at(-1)));
        const seen = probeFindings
            .filter((f) => f.program !== undefined && names.has(f.program))
            .map((f) => ({
            date: f.date,
            ...(f.line !== undefined ? { line: f.line } : {}),
            ...(f.command ? { command: f.command } : {}),
        }));
        findings.push({
            stage: 'audit',
            severity,
            package: pkg.package,
            class: pkg.class,
            files,
            message: `${pkg.package}: ${bad.length} of ${pkg.files.length} ELF file(s) use a 32-bit time_t: ${shown.join(', ')}${more} ` +
                `(${symbols.slice(0, 8).join(', ')}${symbols.length > 8 ? ', …' : ''})` +
                (seen.length > 0 ? `; the probe saw it fail` : ''),
            ...(seen.length > 0 ? { probeFindings: seen } : {}),
            ...(pkg.source ? { source: pkg.source } : {}),
        });
    }
    return findings;
}


;// CONCATENATED MODULE: external "node:perf_hooks"
const external_node_perf_hooks_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");
;// CONCATENATED MODULE: ./src/audit/scan.ts
/**
 * Reads a root filesystem tree on the host for the time_t audit: every ELF file in it,
 * and which package ships it (dpkg's file lists). The side-effect edge of audit.ts.
 */








/** Trees no package installs ELF files into, or that are not files at all. */
const SKIP = new Set(['proc', 'sys', 'dev', 'run', 'tmp', 'var/tmp', 'var/cache', 'var/log']);
/** Largest file read whole; bigger ELF files (rare: debug data, firmware) are `unknown`. */
const MAX_ELF_BYTES = 256 * 1024 * 1024;
async function startsWithElf(file) {
    const handle = await (0,promises_namespaceObject.open)(file, 'r');
    try {
        const head = Buffer.alloc(4);
        const { bytesRead } = await handle.read(head, 0, 4, 0);
        return bytesRead === 4 && isElf(head);
    }
    finally {
        await handle.close();
    }
}
/** Every regular file under `root`, as guest paths (`/usr/bin/sudo`), outside the `skip` trees. */
async function* walk(root, rel = '', skip = SKIP) {
    let entries;
    try {
        entries = await (0,promises_namespaceObject.readdir)(external_node_path_default().join(root, rel), { withFileTypes: true });
    }
    catch {
        return;
    }
    for (const entry of entries) {
        const child = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
            if (!skip.has(child))
                yield* walk(root, child, skip);
        }
        else if (entry.isFile()) {
            yield `/${child}`;
        }
    }
}
/**
 * The top-level directories that are links into /usr (merged /usr: /bin -> usr/bin), so
 * that dpkg's `/bin/bash` is the file at `/usr/bin/bash`.
 */
async function usrAliases(root) {
    const aliases = new Map();
    for (const name of ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32']) {
        try {
            if (!(await (0,promises_namespaceObject.lstat)(external_node_path_default().join(root, name))).isSymbolicLink())
                continue;
            const target = await (0,promises_namespaceObject.readlink)(external_node_path_default().join(root, name));
            aliases.set(`/${name}/`, `/${target.replace(/^\/+/, '').replace(/\/+$/, '')}/`);
        }
        catch {
            // Not there.
        }
    }
    return aliases;
}
/** Guest path → package, from /var/lib/dpkg/info/*.list. */
async function packageOwners(root) {
    const owners = new Map();
    const infoDir = external_node_path_default().join(root, 'var/lib/dpkg/info');
    const aliases = await usrAliases(root);
    let names = [];
    try {
        names = (await (0,promises_namespaceObject.readdir)(infoDir)).filter((n) => n.endsWith('.list'));
    }
    catch {
        return owners;
    }
    for (const name of names) {
        const pkg = name.slice(0, -'.list'.length).replace(/:.*$/, '');
        const text = await (0,promises_namespaceObject.readFile)(external_node_path_default().join(infoDir, name), 'utf8').catch(() => '');
        for (const listed of text.split('\n')) {
            if (!listed.startsWith('/'))
                continue;
            owners.set(listed, pkg);
            for (const [from, to] of aliases)
                if (listed.startsWith(from))
                    owners.set(to + listed.slice(from.length), pkg);
        }
    }
    return owners;
}
/**
 * What each installed package depends on (Depends and Pre-Depends, every alternative, without
 * versions or architecture qualifiers), from /var/lib/dpkg/status; empty without one. The
 * base system every package shares (Essential, or of priority required or important: dpkg,
 * libc6, perl-base) is left out: following a package's dependencies looks for its own parts.
 */
async function installedDepends(root) {
    const text = await (0,promises_namespaceObject.readFile)(external_node_path_default().join(root, 'var/lib/dpkg/status'), 'utf8').catch(() => '');
    return parseInstalledDepends(text);
}
/** The fields of each stanza of a dpkg status file, continuation lines joined. */
function stanzas(status) {
    return status.split(/\n\s*\n/).map((stanza) => {
        const fields = new Map();
        let last = '';
        for (const line of stanza.split('\n')) {
            if (/^\s/.test(line) && last)
                fields.set(last, `${fields.get(last)} ${line.trim()}`);
            else {
                const m = /^([\w-]+):\s*(.*)$/.exec(line);
                if (m)
                    fields.set((last = m[1]), m[2]);
            }
        }
        return fields;
    });
}
/** The dependencies of the installed packages of a dpkg status file, the base system left out. Pure. */
function parseInstalledDepends(status) {
    const installed = stanzas(status).filter((fields) => fields.get('Package') && /\binstalled$/.test(fields.get('Status') ?? ''));
    const base = new Set(installed
        .filter((f) => f.get('Essential') === 'yes' || ['required', 'important'].includes(f.get('Priority') ?? ''))
        .map((f) => f.get('Package')));
    const depends = {};
    for (const fields of installed) {
        const names = [fields.get('Pre-Depends'), fields.get('Depends')]
            .filter((v) => v !== undefined)
            .flatMap((v) => v.split(/[,|]/))
            .map((d) => d
            .replace(/\(.*?\)|\[.*?\]|<.*?>/g, '')
            .trim()
            .replace(/:\w+$/, ''))
            .filter((d) => d !== '' && !base.has(d));
        depends[fields.get('Package')] = [...new Set(names)];
    }
    return depends;
}
/**
 * Audits every ELF file of the tree at `root`; `owners` names the package of each path.
 * `all`: a tree of the user's (no directory of it is skipped as a root filesystem's would be).
 */
async function auditRoot(root, owners, all = false) {
    const started = external_node_perf_hooks_namespaceObject.performance.now();
    owners ??= await packageOwners(root);
    const files = [];
    for await (const guestPath of walk(root, '', all ? new Set() : SKIP)) {
        const file = external_node_path_default().join(root, guestPath);
        let audit;
        try {
            if (!(await startsWithElf(file)))
                continue;
            const size = (await (0,promises_namespaceObject.lstat)(file)).size;
            audit =
                size > MAX_ELF_BYTES
                    ? unknownFile(guestPath, `larger than ${MAX_ELF_BYTES} bytes`)
                    : auditElf(guestPath, await (0,promises_namespaceObject.readFile)(file));
        }
        catch (error) {
            // A file this user cannot read is worth naming only when it is a program.
            const code = error.code;
            if (code !== 'EACCES' && code !== 'EPERM')
                continue;
            const mode = await (0,promises_namespaceObject.lstat)(file).then((s) => s.mode, () => 0);
            if ((mode & 0o111) === 0)
                continue;
            audit = unknownFile(guestPath, 'not readable by this user');
        }
        const pkg = owners.get(guestPath);
        files.push(pkg ? { ...audit, package: pkg } : audit);
    }
    files.sort((a, b) => a.path.localeCompare(b.path));
    const depends = all ? {} : await installedDepends(root);
    return {
        symbols: TIME_SYMBOLS_SOURCE,
        elfFiles: files.length,
        seconds: Math.round((external_node_perf_hooks_namespaceObject.performance.now() - started) / 100) / 10,
        files,
        ...(Object.keys(depends).length > 0 ? { depends } : {}),
    };
}
/** Runs dpkg-deb; its failure is an error with what it said. */
async function dpkgDeb(runner, args) {
    const result = await runner.run('dpkg-deb', args);
    if (result.code !== 0)
        throw new Error(`dpkg-deb ${args[0]} failed: ${lastLine(result.stderr || result.stdout)}`);
    return result.stdout;
}
/**
 * Audits the ELF files a .deb would install, unpacked with dpkg-deb into a temporary
 * directory (no maintainer script runs, nothing needs root); each is of the .deb's package.
 */
async function auditDeb(debFile, runner = new ProcessRunner()) {
    const pkg = (await dpkgDeb(runner, ['--field', debFile, 'Package'])).trim();
    const dir = await (0,promises_namespaceObject.mkdtemp)(external_node_path_default().join(external_node_os_default().tmpdir(), 'y2038-deb-'));
    try {
        await dpkgDeb(runner, ['--extract', debFile, dir]);
        const owners = new Map();
        for await (const guestPath of walk(dir, '', new Set()))
            owners.set(guestPath, pkg);
        return await auditRoot(dir, owners, true);
    }
    finally {
        await (0,promises_namespaceObject.rm)(dir, { recursive: true, force: true });
    }
}
/**
 * Audits every ELF file of the user's `workdir` (a directory of the repository at `relativePath`):
 * the files' paths are the repository's (`build/prog`), their package `workdir`.
 */
async function auditWorkdir(dir, relativePath) {
    const audit = await auditRoot(dir, new Map(), true);
    const prefix = relativePath === '.' || relativePath === '' ? '' : `${relativePath.replace(/\/+$/, '')}`;
    return {
        ...audit,
        files: audit.files.map((file) => ({
            ...file,
            path: `${prefix}${file.path}`.replace(/^\//, ''),
            package: 'workdir',
        })),
    };
}

;// CONCATENATED MODULE: ./src/audit/run.ts




/**
 * The audit of the packages the options name (or of every ELF file), from the one taken
 * when the userland was built (the tree is gone: the image is what is kept), and of the
 * user's own files (each .deb of `debs`, the `workdir`), read on the host.
 */
async function auditRun(options, probeFindings, guest, runner) {
    const mode = options.audit;
    if (!TIME32_CAPABLE.includes(options.arch)) {
        return {
            mode,
            affected: false,
            note: `${options.arch} has a 64-bit time_t whatever a program does: nothing to read`,
            packages: [],
            findings: [],
        };
    }
    if (mode === 'none')
        return { mode, affected: true, note: 'not run (audit: none)', packages: [], findings: [] };
    const own = await auditOwnFiles(options, runner);
    const severity = options.failOn === 'audit' ? 'error' : 'warning';
    const ownNote = [
        ...options.debs.map((deb) => deb.relativePath),
        ...(options.workdir ? [`workdir ${options.workdir.relativePath}`] : []),
    ].join(', ');
    if (mode === 'packages' && options.packages.length === 0 && own.packages.length > 0 && !guest.system) {
        return {
            mode,
            affected: true,
            note: `the ELF files of ${ownNote}, read for the glibc time functions they import`,
            elfFiles: own.elfFiles,
            seconds: own.seconds,
            packages: own.packages,
            findings: auditFindings(own.packages, severity, probeFindings),
        };
    }
    // Nothing of the user's named: the guest's own base packages, so that a first run shows what the audit finds.
    const audited = mode === 'packages' && options.packages.length === 0 ? [...guest.basePackages] : options.packages;
    const root = await guest.root();
    if (!root) {
        throw new ToolError(`the stored time_t audit of ${guest.rootName} is missing or damaged: remove ${guest.rootDir} to build it again`);
    }
    const packages = [...own.packages, ...selectPackages(root, guest.system ? 'all' : mode, audited)];
    const what = guest.system
        ? `every ELF file of ${guest.system.given}${guest.system.dpkg ? ' (files no package lists grouped by directory)' : ' (no dpkg file lists: grouped by directory)'}`
        : mode === 'all'
            ? 'every ELF file'
            : options.packages.length > 0
                ? `the ELF files of ${options.packages.join(', ')}${followedNote(packages)}`
                : `the ELF files of the guest's base packages ${audited.join(', ')} (give packages to audit yours)`;
    return {
        mode,
        affected: true,
        note: `${what}${ownNote ? ` and of ${ownNote}` : ''}, read for the glibc time functions they import`,
        symbols: root.symbols,
        elfFiles: root.elfFiles + own.elfFiles,
        seconds: root.seconds,
        packages,
        findings: auditFindings(packages, severity, probeFindings),
    };
}
/** Which named packages hold no ELF file, and the packages of theirs that were audited instead. */
function followedNote(packages) {
    const by = new Map();
    for (const pkg of packages)
        if (pkg.followedFrom)
            by.set(pkg.followedFrom, [...(by.get(pkg.followedFrom) ?? []), pkg.package]);
    if (by.size === 0)
        return '';
    const parts = [...by].map(([from, to]) => `${from} holds none: its dependencies ${to.join(', ')}`);
    return ` (${parts.join('; ')})`;
}
/** The user's own ELF files (each .deb of `debs`, the `workdir`), audited on the host. */
async function auditOwnFiles(options, runner) {
    const packages = [];
    let elfFiles = 0;
    let seconds = 0;
    const add = (audit, source) => {
        elfFiles += audit.elfFiles;
        seconds += audit.seconds;
        for (const pkg of selectPackages(audit, 'all', []))
            packages.push({ ...pkg, source });
    };
    for (const deb of options.debs)
        add(await auditDeb(deb.path, runner), { kind: 'deb', path: deb.relativePath });
    if (options.workdir) {
        const { path: dir, relativePath } = options.workdir;
        add(await auditWorkdir(dir, relativePath), { kind: 'workdir', path: relativePath });
    }
    return { packages, elfFiles, seconds: Math.round(seconds * 10) / 10 };
}

;// CONCATENATED MODULE: ./src/host/progress.ts
/** How often long work says where it is. */
const PROGRESS_EVERY_MS = 10_000;
/**
 * Tells `log` every `everyMs` how long `what` has run and what it is doing now (`doing`),
 * until the returned function is called.
 */
function startProgress(log, what, doing, everyMs = PROGRESS_EVERY_MS) {
    const started = Date.now();
    const timer = setInterval(() => {
        const now = doing();
        log.progress(`${what}: ${Math.round((Date.now() - started) / 1000)} s${now ? `, ${now}` : ''}`);
    }, everyMs);
    timer.unref();
    return () => clearInterval(timer);
}
/** Whole lines of a stream that arrives in chunks, each handed to `onLine` once it ends. */
function lineReader(onLine) {
    let partial = '';
    return (chunk) => {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines)
            onLine(line.replace(/\r$/, ''));
    };
}

;// CONCATENATED MODULE: ./src/image/recipe.ts
/**
 * What gets built, as data: the kernel with its initramfs, and the userland root filesystem.
 * Each recipe has a canonical description whose hash is its cache key, and the mmdebstrap
 * command line that builds it. Pure.
 */




/** Bump when a change here changes what gets built: it changes every key. */
const KERNEL_RECIPE_VERSION = 4;
const USERLAND_RECIPE_VERSION = 5;
const SAVED_GUEST_RECIPE_VERSION = 2;
const RUNTIME_RECIPE_VERSION = 1;
const SYSTEM_RECIPE_VERSION = 1;
/**
 * Modules the initramfs carries and loads: the root image on a virtio disk (PCI or MMIO),
 * its filesystem, the overlay that makes it writable, and the results port (virtio_console).
 */
const INITRAMFS_MODULES = [
    'virtio_pci',
    'virtio_mmio',
    'virtio_blk',
    'erofs',
    'overlay',
    'virtio_console',
];
/**
 * The initramfs script that makes the read-only root image a writable overlay and copies
 * the harness out of the initramfs. Literal URL, so that ncc copies the file next to the bundle.
 */
function initramfsRootScript() {
    return (0,external_node_fs_namespaceObject.readFileSync)(__nccwpck_require__.ab + "initramfs-root.sh", 'utf8');
}
/** Packages every userland gets, for the harness (bash, coreutils are essential) and the built-in probe. */
const USERLAND_BASE_PACKAGES = ['busybox', 'sudo', 'systemd'];
function kernelRecipe(target, mirror) {
    return {
        kind: 'kernel',
        version: KERNEL_RECIPE_VERSION,
        arch: target.machine.kernelArch,
        suite: target.kernelSuite,
        kernelPackage: target.kernelPackage,
        modules: [...INITRAMFS_MODULES],
        rootScript: (0,external_node_crypto_namespaceObject.createHash)('sha256').update(initramfsRootScript()).digest('hex'),
        mirror,
    };
}
/** 16 hex digits of the SHA-256 of the audit's rules version and symbol tables. */
const AUDIT_TABLE_DIGEST = (0,external_node_crypto_namespaceObject.createHash)('sha256')
    .update(JSON.stringify({ rules: AUDIT_RULES_VERSION, table: TIME_SYMBOLS, lfs: LFS_SYMBOLS }))
    .digest('hex')
    .slice(0, 16);
function userlandRecipe(target, mirror, packages, satisfy = []) {
    return {
        kind: 'userland',
        version: USERLAND_RECIPE_VERSION,
        arch: target.arch,
        suite: target.suite,
        packages: [...new Set([...USERLAND_BASE_PACKAGES, ...packages])].sort(),
        ...(satisfy.length > 0 ? { satisfy: [...new Set(satisfy)].sort() } : {}),
        mirror,
        auditTable: AUDIT_TABLE_DIGEST,
    };
}
/** JSON with object keys sorted at every level, so equal recipes hash equally. */
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(',')}]`;
    if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    return JSON.stringify(value);
}
function recipeHash(recipe) {
    return (0,external_node_crypto_namespaceObject.createHash)('sha256').update(canonicalJson(recipe)).digest('hex');
}
/** `kernel-i386-bookworm-<16 hex>`, `system-armhf-<16 hex>`: readable at a glance, unique by the hash. */
function recipeKey(recipe) {
    const suite = recipe.kind === 'system' ? '' : `-${recipe.suite}`;
    return `${recipe.kind}-${recipe.arch}${suite}-${recipeHash(recipe).slice(0, 16)}`;
}
function sourcesLine(mirror, suite) {
    return `deb ${mirror} ${suite} main`;
}
function commonArgs(arch, keyring, format) {
    const args = ['--mode=root', '--variant=essential', `--architectures=${arch}`, `--format=${format}`];
    // On a host that is not Debian (an Ubuntu runner) apt does not trust Debian's archive key by itself.
    if (keyring)
        args.push(`--keyring=${keyring}`);
    return args;
}
/** The initramfs-tools hook that puts the modules in the initramfs and loads them at boot. */
function initramfsHook(modules) {
    return [
        '#!/bin/sh',
        'case "$1" in prereqs) exit 0;; esac',
        '. /usr/share/initramfs-tools/hook-functions',
        `for m in ${modules.join(' ')}; do`,
        '  manual_add_modules "$m"',
        '  echo "$m" >> "${DESTDIR}/conf/modules"',
        'done',
        '',
    ].join('\n');
}
/**
 * mmdebstrap for the kernel: a throwaway system that installs the kernel package with
 * initramfs-tools set to MODULES=list (a 6 MB initramfs instead of 26 MB: 2.5 s less to
 * unpack under TCG) and the overlay root script, then copies /boot out to `bootDir` and
 * throws the system away.
 */
function kernelBuildArgs(recipe, bootDir, keyring, rootScript = initramfsRootScript()) {
    const hook = initramfsHook(recipe.modules);
    const tools = '"$1/etc/initramfs-tools"';
    const setup = [
        `mkdir -p ${tools}/conf.d ${tools}/hooks ${tools}/scripts/init-bottom`,
        `printf 'MODULES=list\\nBUSYBOX=y\\n' > ${tools}/conf.d/y2038`,
        `printf '%s' ${shellQuote(hook)} > ${tools}/hooks/y2038`,
        `printf '%s' ${shellQuote(rootScript)} > ${tools}/scripts/init-bottom/y2038-root`,
        `chmod 755 ${tools}/hooks/y2038 ${tools}/scripts/init-bottom/y2038-root`,
    ].join(' && ');
    return [
        ...commonArgs(recipe.arch, keyring, 'null'),
        `--include=${recipe.kernelPackage},initramfs-tools,busybox`,
        `--essential-hook=${setup}`,
        // mmdebstrap splits special hooks with shellwords: a quoted path may hold spaces and quotes.
        `--customize-hook=sync-out /boot ${shellQuote(bootDir)}`,
        recipe.suite,
        '/dev/null',
        sourcesLine(recipe.mirror, recipe.suite),
    ];
}
/** mmdebstrap for the userland: the base packages and the user's, and nothing of ours. */
function userlandBuildArgs(recipe, rootDir, keyring) {
    // mmdebstrap leaves /etc/hosts out; without it sudo complains it cannot resolve the host.
    const hosts = `printf '127.0.0.1\\tlocalhost\\n::1\\tlocalhost ip6-localhost ip6-loopback\\n' > "$1/etc/hosts"`;
    // apt-get from outside the chroot, through mmdebstrap's own apt configuration, with dpkg
    // run inside it the way mmdebstrap installs its own packages (without Chroot-Directory,
    // dpkg would act on the host's system).
    const satisfy = recipe.satisfy?.length
        ? [
            [
                '--customize-hook=APT_CONFIG="$MMDEBSTRAP_APT_CONFIG" apt-get',
                '-o Dir::Bin::dpkg=env -o DPkg::Options::=--unset=TMPDIR -o DPkg::Options::=dpkg',
                '-o DPkg::Chroot-Directory="$1"',
                '--yes --no-install-recommends satisfy',
                ...recipe.satisfy.map(shellQuote),
            ].join(' '),
        ]
        : [];
    return [
        ...commonArgs(recipe.arch, keyring, 'directory'),
        `--include=${recipe.packages.join(',')}`,
        ...satisfy,
        `--customize-hook=${hosts}`,
        recipe.suite,
        rootDir,
        sourcesLine(recipe.mirror, recipe.suite),
    ];
}

;// CONCATENATED MODULE: ./src/image/build.ts
/**
 * Builds the two images with mmdebstrap, as root, into the image store, and turns
 * mmdebstrap's failures into errors that name their cause.
 */










const sha256 = (text) => (0,external_node_crypto_namespaceObject.createHash)('sha256').update(text).digest('hex');
const AUDIT_FILE = 'audit.json';
const ROOT_IMAGE_FILE = 'root.erofs';
/**
 * The audit stored with a userland image, or undefined when there is none or it does
 * not match the digest its manifest holds.
 */
async function storedAudit(image) {
    const meta = image.manifest.details.audit;
    if (!meta)
        return undefined;
    const expected = image.manifest.payload.find((file) => file.name === meta.file);
    const text = await (0,promises_namespaceObject.readFile)(external_node_path_default().join(image.dir, meta.file), 'utf8').catch(() => undefined);
    if (text === undefined || !expected || sha256(text) !== expected.sha256)
        return undefined;
    return JSON.parse(text);
}
/**
 * Recognises why mmdebstrap failed from what it printed. Returns an InputError for what
 * the user can fix (a package name, the suite, the mirror) and a ToolError otherwise.
 */
function classifyBuildFailure(output, context) {
    const where = `${context.suite}/${context.arch} at ${context.mirror}`;
    const missingPackage = /Unable to locate package (\S+)/.exec(output) ??
        /Package '?([^'\s]+)'? has no installation candidate/.exec(output) ??
        /Couldn't find any package by (?:glob|regex) '([^']+)'/.exec(output);
    if (missingPackage) {
        return new errors_InputError('packages', `'${missingPackage[1]}' is not a package in ${where}`);
    }
    const unmet = /(\S+) : Depends: (.+) but it is not (?:installable|going to be installed)/.exec(output);
    if (unmet?.[1] === 'satisfy:command-line') {
        return new errors_InputError('debs', `a dependency of the .debs cannot be installed from ${where}: ${unmet[2]}`);
    }
    if (unmet) {
        return new errors_InputError('packages', `'${unmet[1]}' cannot be installed in ${where}: it depends on ${unmet[2]}`);
    }
    if (/does not have a Release file|Release' is not signed|404\s+Not Found.*(?:InRelease|Release)/.test(output)) {
        return new errors_InputError('suite', `'${context.suite}' was not found at ${context.mirror} (no Release file)`);
    }
    // Before the network check: apt reports these as "Failed to fetch ... Hash Sum mismatch".
    if (/Hash Sum mismatch|Mirror sync in progress/.test(output)) {
        return new ToolError(`the mirror ${context.mirror} served inconsistent files (mid-sync?); try again later`);
    }
    // apt refuses a Release file past its Valid-Until: a stale mirror, or a snapshot.
    if (/Release file for \S+ is expired/.test(output)) {
        return new errors_InputError('mirror', `${context.mirror} serves an expired Release file for ${context.suite} (a stale mirror or a snapshot): use an up-to-date mirror`);
    }
    // The mirror answered, but lacks a package file its own index lists.
    const missingFile = /Failed to fetch (\S+\.deb)\s+404/.exec(output);
    if (missingFile) {
        return new ToolError(`the mirror ${context.mirror} lacks ${missingFile[1].split('/').at(-1)} (404), which its index lists: an incomplete or out-of-sync mirror`);
    }
    if (/Could not resolve|Temporary failure resolving|Failed to fetch|Could not connect|Connection refused|Connection timed out/.test(output)) {
        return new errors_InputError('mirror', `cannot reach ${context.mirror}: ${firstMatchingLine(output, /Could not|Failed to fetch|failure|refused|timed out/)}`);
    }
    return new ToolError(`mmdebstrap failed for ${where}: ${firstMatchingLine(output, /^E: /) || lastLine(output)}`);
}
function firstMatchingLine(text, pattern) {
    return (text
        .split('\n')
        .map((l) => l.trim())
        .find((l) => pattern.test(l)) ?? '');
}
/** What mmdebstrap says it is doing, from one line of its output ("I: extracting archives..."). */
function mmdebstrapPhase(line) {
    const m = /^I: (.+?)\.*$/.exec(line.trim());
    return m?.[1];
}
async function runMmdebstrap(runner, args, context, progress) {
    let phase;
    const stop = startProgress(progress.log, progress.what, () => phase && `mmdebstrap: ${phase}`);
    const result = await runner
        .run('mmdebstrap', args, {
        privileged: true,
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        maxCapture: 256 * 1024,
        onStderr: lineReader((line) => (phase = mmdebstrapPhase(line) ?? phase)),
    })
        .finally(stop);
    if (result.code !== 0) {
        throw classifyBuildFailure(`${result.stdout}\n${result.stderr}`, context);
    }
}
function keyringArg() {
    const keyring = '/usr/share/keyrings/debian-archive-keyring.gpg';
    return (0,external_node_fs_namespaceObject.existsSync)(keyring) ? keyring : undefined;
}
/** The image from the local store, else from the restorer (the Actions cache), else nothing. */
async function findOrRestore(store, kind, key, restore) {
    const found = await store.find(key);
    if (found)
        return { image: found, source: 'local' };
    const restored = await restore?.(kind, key);
    if (restored)
        return { image: restored, source: 'restored' };
    return undefined;
}
async function ensureKernel(store, recipe, runner, log, restore, beforeBuild) {
    const key = recipeKey(recipe);
    const existing = await findOrRestore(store, 'kernel', key, restore);
    if (existing)
        return existing;
    await beforeBuild?.();
    log.info(`Building kernel ${recipe.kernelPackage} (${recipe.suite}/${recipe.arch}) and its initramfs with mmdebstrap`);
    const image = await store.build(key, recipe, async (workDir) => {
        const bootDir = external_node_path_default().join(workDir, 'boot');
        await (0,promises_namespaceObject.mkdir)(bootDir);
        await runMmdebstrap(runner, kernelBuildArgs(recipe, bootDir, keyringArg()), recipe, {
            log,
            what: `Building kernel ${recipe.kernelPackage}`,
        });
        // sync-out leaves root-owned files; take them over so the store stays readable (-h: a link
        // is taken over itself, what it points to is left alone).
        await runner.run('chown', ['-R', '-h', `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`, bootDir], {
            privileged: true,
        });
        const files = await (0,promises_namespaceObject.readdir)(bootDir);
        const kernel = files
            .filter((f) => f.startsWith('vmlinuz-'))
            .sort()
            .at(-1);
        const initrd = files
            .filter((f) => f.startsWith('initrd.img-'))
            .sort()
            .at(-1);
        if (!kernel || !initrd) {
            throw new ToolError(`the kernel build of ${recipe.kernelPackage} produced no kernel or initramfs in /boot (${files.join(', ')})`);
        }
        await (0,promises_namespaceObject.rename)(external_node_path_default().join(bootDir, kernel), external_node_path_default().join(workDir, 'vmlinuz'));
        await (0,promises_namespaceObject.rename)(external_node_path_default().join(bootDir, initrd), external_node_path_default().join(workDir, 'initrd.img'));
        await store.removeTree(bootDir);
        return {
            details: { kernel: 'vmlinuz', initrd: 'initrd.img', release: kernel.slice('vmlinuz-'.length) },
            files: ['vmlinuz', 'initrd.img'],
        };
    });
    return { image: image, source: 'built' };
}
async function ensureUserland(store, recipe, runner, log, restore, beforeBuild) {
    const key = recipeKey(recipe);
    const existing = await findOrRestore(store, 'userland', key, restore);
    if (existing)
        return existing;
    await beforeBuild?.();
    log.info(`Building the ${recipe.suite}/${recipe.arch} root filesystem with mmdebstrap (${recipe.packages.join(', ')})`);
    const image = await store.build(key, recipe, async (workDir) => {
        const root = external_node_path_default().join(workDir, 'root');
        await runMmdebstrap(runner, userlandBuildArgs(recipe, root, keyringArg()), recipe, {
            log,
            what: `Building the ${recipe.suite}/${recipe.arch} root filesystem`,
        });
        if (!(0,external_node_fs_namespaceObject.existsSync)(external_node_path_default().join(root, 'bin', 'sh')) && !(0,external_node_fs_namespaceObject.existsSync)(external_node_path_default().join(root, 'usr', 'bin', 'sh'))) {
            throw new ToolError(`the root filesystem build for ${recipe.suite}/${recipe.arch} has no /bin/sh`);
        }
        let audit;
        if (TIME32_CAPABLE.includes(recipe.arch)) {
            const found = await auditRoot(root);
            await (0,promises_namespaceObject.writeFile)(external_node_path_default().join(workDir, AUDIT_FILE), `${JSON.stringify(found)}\n`);
            log.info(`Read ${found.elfFiles} ELF files for the time_t audit in ${found.seconds} s`);
            audit = { file: AUDIT_FILE, elfFiles: found.elfFiles, seconds: found.seconds };
        }
        await makeRootImage(runner, root, external_node_path_default().join(workDir, ROOT_IMAGE_FILE), log);
        await store.removeTree(root);
        return {
            details: { image: ROOT_IMAGE_FILE, ...(audit ? { audit } : {}) },
            files: [ROOT_IMAGE_FILE, ...(audit ? [audit.file] : [])],
        };
    });
    return { image: image, source: 'built' };
}
/**
 * The root tree as one erofs image: read-only by design, and it keeps what the guest needs
 * exactly (owners, modes with setuid bits, device nodes, hard links, xattrs, nanosecond
 * times with --preserve-mtime). Made as root, who can read the whole tree, into a file this
 * user made first, so that the image stays this user's.
 */
async function makeRootImage(runner, root, image, log) {
    const started = Date.now();
    await (0,promises_namespaceObject.writeFile)(image, '');
    const stop = startProgress(log, 'Making the root image (erofs)', () => undefined);
    const result = await runner
        .run('mkfs.erofs', erofsArgs(root, image), { privileged: true, maxCapture: 64 * 1024 })
        .finally(stop);
    if (result.code !== 0) {
        throw new ToolError(`mkfs.erofs could not make the root image: ${lastLine(result.stderr || result.stdout)}`);
    }
    const bytes = (await (0,promises_namespaceObject.stat)(image)).size;
    log.info(`Made the root image (erofs, ${(bytes / 2 ** 20).toFixed(0)} MiB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
function erofsArgs(root, image) {
    return ['--quiet', '--preserve-mtime', image, root];
}

;// CONCATENATED MODULE: ./src/verdict/shell-list.ts
/**
 * Reads one line of a probe as bash would split it into the commands of a list, to tell
 * whether a command that exited non-zero without bash's ERR trap was a step of an `&&`
 * list (`mkdir -p /mnt/r && mount ... && true`: a failure the probe did not check) or a
 * condition (`if`, `while`, `||`, `!`, a test such as `[ -f x ] && ...`). Pure.
 */
/** Splits a line at the list and pipeline operators outside quotes, `$(...)` and `` `...` ``. */
function splitList(line) {
    const elements = [];
    let start = 0;
    let depth = 0;
    let quote;
    const push = (end, operator) => {
        elements.push({ text: line.slice(start, end).trim(), operator });
    };
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quote) {
            if (c === '\\' && quote !== "'")
                i++;
            else if (c === quote)
                quote = undefined;
            continue;
        }
        if (c === '\\') {
            i++;
        }
        else if (c === "'" || c === '"' || c === '`') {
            quote = c;
        }
        else if (c === '(') {
            depth++;
        }
        else if (c === ')') {
            depth = Math.max(0, depth - 1);
        }
        else if (depth > 0) {
            continue;
        }
        else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
            push(i, '');
            return elements.filter((e) => e.text !== '' || e.operator !== '');
        }
        else if (c === '&' || c === '|' || c === ';') {
            const two = line.slice(i, i + 2);
            // `2>&1`, `&>file` and `>|file` are redirections, not operators.
            if ((c === '&' || c === '|') && (line[i - 1] === '>' || line[i - 1] === '<'))
                continue;
            if (c === '&' && line[i + 1] === '>')
                continue;
            const operator = ['&&', '||', '|&', ';;'].includes(two) ? two : c;
            push(i, operator);
            i += operator.length - 1;
            start = i + 1;
        }
    }
    push(line.length, '');
    return elements.filter((e) => e.text !== '' || e.operator !== '');
}
const CONDITION_KEYWORDS = new Set(['if', 'elif', 'while', 'until']);
const LEADING_KEYWORDS = /^(?:(?:then|do|else|\{|\()\s+)+/;
/** Commands whose status is a condition by nature. */
const TESTS = new Set(['[', '[[', 'test', 'true', 'false', ':', '((', 'let']);
const squash = (text) => text.replace(/\s+/g, '');
/**
 * True when `command` (as bash showed it) stands on `line` as a non-final command of an
 * `&&` list, outside any condition: its failure ended the list, and nothing checked it.
 */
function isUncheckedAndFailure(line, command) {
    const firstWord = line.trim().split(/\s+/)[0] ?? '';
    if (CONDITION_KEYWORDS.has(firstWord))
        return false;
    const commandWord = command.trim().split(/\s+/)[0] ?? '';
    if (TESTS.has(commandWord) || commandWord.startsWith('(('))
        return false;
    const want = squash(command);
    const elements = splitList(line);
    for (const element of elements) {
        const text = element.text.replace(LEADING_KEYWORDS, '');
        if (text.startsWith('!'))
            continue;
        if (squash(text) !== want)
            continue;
        return element.operator === '&&';
    }
    return false;
}

;// CONCATENATED MODULE: ./src/verdict/outcomes.ts
/**
 * What a date's run came to, and the words for it: one table keyed by outcome, so that an
 * outcome added without its text does not compile. The text report and the job summary draw
 * from it (docs/report.schema.json's enum and description are checked against it); so do the verdict (which outcomes a finding can
 * turn to pass or fail), the run's result and exit status, SARIF and the annotations.
 */
/**
 * - pass: the probe ran at the requested date and nothing failed.
 * - fail: the probe ran at the requested date and found failures.
 * - boot-failure: the guest never reached the probe.
 * - wrong-date: the probe ran, but not at the requested date.
 * - clock-moved: something set the guest's clock while the probe ran, so what ran after it
 *   did not run at the requested date.
 * - timeout: the guest did not finish in time.
 * - incomplete: the probe started but its results stopped before the end.
 * - probe-stopped: the probe did not run to its end (exit, set -e, a signal, a syntax error).
 * - tampered: records reached the results port that the harness did not write in order.
 * - setup-failed: installing the user's .debs or their setup script failed, so the probe
 *   never ran (not a Year-2038 finding by itself).
 */
const OUTCOMES = [
    'pass',
    'fail',
    'boot-failure',
    'wrong-date',
    'clock-moved',
    'timeout',
    'incomplete',
    'probe-stopped',
    'tampered',
    'setup-failed',
];
const FAILED = { mark: '❌', severity: 'error', passes: false };
const CUT_SHORT = { ...FAILED, judged: false };
const OUTCOME_TABLE = {
    pass: {
        report: 'PASS  no Year-2038 failures',
        summary: 'pass',
        mark: '✅',
        severity: 'none',
        passes: true,
        judged: true,
        finding: undefined,
    },
    fail: {
        ...FAILED,
        report: 'FAIL  Year-2038 failures found',
        summary: 'Year-2038 failures',
        judged: true,
        finding: undefined,
    },
    'boot-failure': { ...CUT_SHORT, report: 'FAIL  the guest did not boot', summary: 'did not boot', finding: undefined },
    'wrong-date': {
        ...CUT_SHORT,
        report: 'FAIL  the guest did not run at the requested date',
        summary: 'not at the requested date',
        finding: undefined,
    },
    'clock-moved': {
        ...CUT_SHORT,
        report: "FAIL  the guest's clock was set while the probe ran",
        summary: 'clock set during the probe',
        finding: { rule: "Something set the guest's clock while the probe ran", title: 'Guest clock set during the probe' },
    },
    timeout: {
        ...CUT_SHORT,
        report: 'FAIL  the guest timed out',
        summary: 'timed out',
        finding: { rule: 'The guest did not finish in time', title: 'Guest timed out' },
    },
    incomplete: {
        ...CUT_SHORT,
        report: 'FAIL  the probe did not finish',
        summary: 'probe did not finish',
        finding: { rule: "The probe's results stopped before its end", title: 'Probe results incomplete' },
    },
    'probe-stopped': {
        ...CUT_SHORT,
        report: 'FAIL  the probe stopped before its end',
        summary: 'probe stopped early',
        finding: { rule: 'The probe stopped before its end', title: 'Probe stopped before its end' },
    },
    tampered: {
        ...CUT_SHORT,
        report: 'FAIL  the results were tampered with',
        summary: 'results tampered with',
        finding: {
            rule: 'Records the harness did not write reached the results port',
            title: 'Probe results tampered with',
        },
    },
    'setup-failed': {
        ...CUT_SHORT,
        report: 'FAIL  setup failed: the probe did not run',
        summary: 'setup failed, probe not run',
        finding: { rule: 'Installing the .debs or the setup script failed: the probe did not run', title: 'Setup failed' },
    },
};
/** The entry of an outcome read from a report (any string), or undefined for one this version does not know. */
function outcomeEntry(outcome) {
    return Object.hasOwn(OUTCOME_TABLE, outcome) ? OUTCOME_TABLE[outcome] : undefined;
}
/** The text report's line for an outcome read from a report (any string): `FAIL  the guest timed out`. */
function outcomeLine(outcome) {
    return outcomeEntry(outcome)?.report ?? outcome;
}
/** What happened, without the PASS or FAIL mark: `the guest timed out`. */
function outcomeWhat(outcome) {
    return outcomeLine(outcome).replace(/^(?:PASS|FAIL)\s+/, '');
}
/** The job summary's cell for an outcome: `❌ timed out`. */
function outcomeCell(outcome) {
    const entry = outcomeEntry(outcome);
    return entry ? `${entry.mark} ${entry.summary}` : outcome;
}
/** The date passed; an outcome this version does not know did not. */
function outcomePasses(outcome) {
    return outcomeEntry(outcome)?.passes ?? false;
}
/** The probe ran to its end at the date: its findings decide, and it can be compared with another run. */
function isJudged(outcome) {
    return outcomeEntry(outcome)?.judged ?? false;
}
/**
 * The outcomes whose own finding carries their name as its signature: findings about the run
 * as a whole (it did not test what it was asked), never a line's Year-2038 failure.
 */
const RUN_OUTCOME_SIGNATURES = OUTCOMES.filter((o) => OUTCOME_TABLE[o].finding);
/** The outcome a finding's signature names, when it is such a finding about the run. */
function runOutcomeOf(signatureId) {
    return outcomeEntry(signatureId)?.finding;
}
/**
 * The severity of a finding with this signature: that of the outcome it is the finding of,
 * else that of a fail (a line's failure).
 */
function findingSeverity(signatureId) {
    const entry = outcomeEntry(signatureId);
    return (entry?.finding ? entry : OUTCOME_TABLE.fail).severity;
}

;// CONCATENATED MODULE: ./src/verdict/detect.ts
/**
 * Turns what came back from a guest (its records and its console) into Year-2038 findings
 * and an outcome for the date. Pure.
 */




/** Most specific first: a line is reported with the first signature it matches. */
const SIGNATURES = [
    {
        id: 'systemd-clock-assertion',
        description: "systemd's now() could not read the clock",
        pattern: /Assertion 'clock_gettime\(.*\) == 0' failed/,
    },
    {
        id: 'sudo-time-of-day',
        description: 'sudo could not read the time of day',
        pattern: /unable to get time of day/,
    },
    {
        id: 'python-time-t-overflow',
        description: "Python's time_t conversion overflowed",
        pattern: /OverflowError.*(?:time_t|timestamp out of range)|timestamp out of range for platform time_t/,
    },
    {
        id: 'eoverflow',
        description: 'a 32-bit time_t could not hold a time (EOVERFLOW)',
        pattern: /Value too large for defined data type|\bEOVERFLOW\b/,
    },
    { id: 'errno-75', description: 'errno 75 (EOVERFLOW)', pattern: /\[Errno 75\]/ },
    {
        id: 'wrong-date',
        description: 'a program printed a date that is not the clock’s',
        pattern: /y2038: wrong date:/,
    },
    {
        id: 'epoch-date',
        description: 'a date printed as 1901-12-13 or 1970-01-01: a wrapped or failed time_t',
        pattern: /\b(?:1901-12-1[34]|1969-12-31|1970-01-01)\b|\b(?:Fri|Sat) Dec 1[34] [\d:]+ (?:UTC |GMT )?1901\b|\bThu Jan {1,2}1 [\d:]+ (?:UTC |GMT )?1970\b|\bWed Dec 31 [\d:]+ (?:UTC |GMT )?1969\b/,
        afterRolloverOnly: true,
    },
    { id: 'kernel-panic', description: 'the kernel panicked', pattern: /Kernel panic - not syncing/ },
    { id: 'initramfs-no-init', description: 'the initramfs found no init', pattern: /No init found/ },
    {
        id: 'initramfs-mount-root',
        description: 'the initramfs could not mount the root filesystem',
        pattern: /Failed to mount .*root|Failed to mount as root file system/,
    },
];
/** Lines that look like failures at any date and are not Year-2038 signs. */
const NOISE = [/unable to resolve host/];
/**
 * A verdict with its findings changed (some set aside, some added): a run that tested what
 * it was asked passes exactly when no finding is left; any other outcome stays as it is.
 */
function reconcile(verdict, findings) {
    return {
        ...verdict,
        outcome: isJudged(verdict.outcome) ? (findings.length > 0 ? 'fail' : 'pass') : verdict.outcome,
        findings,
    };
}
function isNoise(line) {
    return NOISE.some((pattern) => pattern.test(line));
}
function matchSignature(text, afterRollover) {
    for (const signature of SIGNATURES) {
        if (signature.afterRolloverOnly && !afterRollover)
            continue;
        const m = signature.pattern.exec(text);
        if (m)
            return { signature, match: m[0] };
    }
    return undefined;
}
const WRAPPERS = new Set(['!', 'command', 'env', 'exec', 'time', 'nohup', 'expect_year']);
/**
 * The first line of the command that bash reports at `line`: bash gives a command continued
 * with a backslash over several lines the number of its second line.
 */
function continuedFrom(source, line) {
    let start = line;
    while (start > 1 && /(?:^|[^\\])(?:\\\\)*\\$/.test(source?.[start - 2] ?? ''))
        start--;
    return start;
}
/** The program a probe command runs: `check sudo sudo -n true` → sudo. */
function programOf(command) {
    const words = command.trim().split(/\s+/);
    let i = 0;
    while (i < words.length) {
        const word = words[i];
        if (word === 'check') {
            i += 2;
        }
        else if (WRAPPERS.has(word) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
            i += 1;
        }
        else {
            break;
        }
    }
    const word = words[i]?.replace(/^['"]|['"]$/g, '');
    if (!word)
        return undefined;
    return word.split('/').at(-1);
}
/**
 * The failures of a line that count: every one bash's ERR trap saw, and a command that
 * exited non-zero where bash checks nothing when the probe's text shows it as a step of an
 * `&&` list (not a condition).
 */
function countedFailures(line, sourceLine) {
    return line.failures.filter((f) => f.how === 'error' || (sourceLine !== undefined && isUncheckedAndFailure(sourceLine, f.command)));
}
function probeLineFinding(line, base, afterRollover, sourceLine, stage = 'probe') {
    const output = line.output.filter((l) => !isNoise(l));
    const failures = countedFailures(line, sourceLine);
    const failure = failures.at(-1);
    let hit;
    for (const text of output) {
        const m = matchSignature(text, afterRollover);
        if (m && (!hit || SIGNATURES.indexOf(m.signature) < SIGNATURES.indexOf(hit.signature)))
            hit = { ...m, line: text };
    }
    if (!hit && !failure)
        return undefined;
    const exitStatus = failure?.status ?? 0;
    const command = failure?.command ?? line.command;
    const program = programOf(command);
    const message = hit?.line ?? output.at(-1) ?? `exited with status ${exitStatus}`;
    return {
        ...base,
        stage,
        line: line.line,
        command,
        ...(failure?.ranAs !== undefined ? { ranAs: failure.ranAs } : {}),
        ...(line.check ? { check: line.check } : {}),
        ...(program ? { program } : {}),
        message: message.trim(),
        signature: hit
            ? { id: hit.signature.id, match: hit.match }
            : { id: 'exit-status', match: `exit status ${exitStatus}` },
        exitStatus,
        ...(output.length > 1 ? { context: output.slice(0, 20) } : {}),
    };
}
/**
 * The guest's time of a moment given in seconds since boot, from the clock and the uptime
 * the harness read together when the probe started; undefined when either is missing.
 */
function guestTimeAt(guest, uptime) {
    if (guest.clockAtProbe === undefined || guest.uptimeAtProbe === undefined)
        return undefined;
    return guest.clockAtProbe + (uptime - guest.uptimeAtProbe);
}
/** Seconds since boot when a line failed (its last failure), or its last command started. */
function failureUptime(line) {
    return line.failures.at(-1)?.uptime ?? line.lastUptime;
}
/** clock cross: the finding with the guest time of its line's failure, and the side of the crossing. */
function timed(finding, line, guest, crossing) {
    const uptime = failureUptime(line);
    const time = uptime === undefined ? undefined : guestTimeAt(guest, uptime);
    if (time === undefined)
        return finding;
    return {
        ...finding,
        guestTime: formatInstant(new Date(time * 1000)),
        crossing: time * 1000 >= crossing.getTime() ? 'after' : 'before',
    };
}
/** " at line 3 (`sleep 1000`)": where the probe was, for outcomes that cut it short. */
function whereProbeWas(guest) {
    const last = guest.lastCommand;
    return last ? ` at line ${last.line} (\`${last.command}\`)` : ' before its first command';
}
function lineOf(guest) {
    const last = guest.lastCommand;
    return last ? { line: last.line, command: last.command } : {};
}
/**
 * Why the probe did not run to its end, or undefined when it did: bash read the whole probe
 * and ran the harness's end line after it with the harness still watching, or the probe ran
 * `exit` with status 0 (an end on purpose). How much bash read is seen from outside its
 * shell (unreadBytes); a guest whose harness did not say so (before version 7) is judged by
 * the marks alone.
 */
/** The harness version from which run-script.pl reports how much of the script bash read. */
const SEEN_FROM_OUTSIDE = 7;
function probeStop(guest, script = 'the probe') {
    if (guest.syntaxError !== undefined) {
        const at = /line (\d+): (.*)$/.exec(guest.syntaxError);
        return {
            message: `${script} does not parse, so none of it ran: ${at ? `line ${at[1]}: ${at[2]}` : guest.syntaxError}`,
            ...(at ? { line: Number(at[1]) } : {}),
        };
    }
    const where = whereProbeWas(guest);
    if (guest.unreadBytes === undefined) {
        // A harness that sees from outside did not say: its runner was killed or failed, and the
        // marks, which the probe's shell could write, decide nothing.
        if ((guest.harnessVersion ?? 0) >= SEEN_FROM_OUTSIDE) {
            return {
                message: `${script}'s end could not be seen from outside its shell: the harness's runner did not report${where}`,
            };
        }
        if (guest.doneStatus !== undefined || guest.exitStatus === 0)
            return undefined;
    }
    else if (guest.unreadBytes === 0) {
        if (guest.doneStatus === undefined) {
            return {
                message: `${script}'s shell read all of it but did not run the harness's end line after it${where} (\`set -n\`, an alias of a harness name, or a here-document left open at the end?)`,
            };
        }
        if (!guest.endWatched) {
            return {
                message: `${script} removed the harness's DEBUG trap (\`builtin trap\`), so its commands were not all seen and a failure may be missing: use \`trap\`, which keeps the harness's handler`,
            };
        }
        return undefined;
    }
    else if (guest.exitStatus === 0 && guest.processStatus === 0 && guest.lastCommand) {
        return undefined;
    }
    const said = guest.lastCommand
        ? guest.lines
            .find((l) => l.line === guest.lastCommand.line)
            ?.output.filter((l) => !isNoise(l))
            .at(-1)
        : undefined;
    const because = said ? `: ${said.trim()}` : '';
    if (guest.exitStatus !== undefined) {
        return { message: `${script} stopped${where} with status ${guest.exitStatus}, before its end${because}` };
    }
    const status = guest.processStatus;
    if (status !== undefined && status > 128) {
        return { message: `${script}'s shell was killed by signal ${status - 128}${where}, before its end${because}` };
    }
    return {
        message: `${script}'s shell ended${where}${status !== undefined ? ` with status ${status}` : ''} without reaching its end (exec?)${because}`,
    };
}
function cutShort(guest, 
/** timedOut: the timeout cut this script's run (the caller knows what counts as that). */
how) {
    if (guest.outOfOrderRecords.length > 0)
        return { rung: 'tampered', records: guest.outOfOrderRecords };
    if (how.timedOut)
        return { rung: 'timeout' };
    if (!guest.complete || guest.droppedBytes > 0) {
        return { rung: 'incomplete', droppedBytes: guest.droppedBytes, missingRecords: guest.missingRecords };
    }
    const stop = probeStop(guest, how.script);
    return stop ? { rung: 'stopped', ...stop } : undefined;
}
/** The console's failure lines when the guest never reached the probe. */
function bootFailure(evidence, base) {
    const afterRollover = isAfterRollover(evidence.date);
    const lines = evidence.console.split('\n').map((l) => l.replace(/\r$/, ''));
    const failing = [];
    let best;
    for (const text of lines) {
        if (isNoise(text))
            continue;
        const m = matchSignature(text, afterRollover);
        if (!m)
            continue;
        failing.push(text.trim());
        if (!best || SIGNATURES.indexOf(m.signature) < SIGNATURES.indexOf(best.signature))
            best = { ...m, line: text.trim() };
    }
    if (!best) {
        return {
            ...base,
            stage: 'boot',
            message: 'the guest stopped before the probe started',
            signature: { id: 'no-probe', match: '' },
            context: lastLines(evidence.console, 25),
        };
    }
    const initramfs = failing.filter((l) => /^\/init:/.test(l));
    const panic = failing.find((l) => /Kernel panic/.test(l));
    const first = initramfs[0] ?? best.line;
    const more = failing.length > 1 ? ` (and ${failing.length - 1} more failing lines)` : '';
    return {
        ...base,
        stage: 'boot',
        program: initramfs.length > 0 ? 'initramfs' : 'kernel',
        message: `the guest did not boot: ${first}${more}${panic && panic !== first ? `; ${panic.replace(/^\[[\s\d.]+\]\s*/, '')}` : ''}`,
        signature: { id: best.signature.id, match: best.match },
        context: failing.slice(0, 40),
    };
}
/**
 * An instant known to within a second or two (btime is whole seconds of a boot that began
 * at some fraction of one), to the nearest minute: `2030-01-01T00:00Z`.
 */
function toTheMinute(seconds) {
    return formatInstant(new Date(Math.round(seconds / 60) * 60_000)).replace(/:00Z$/, 'Z');
}
/** What moved the guest's clock while the probe ran, and from where to where. */
function clockMovedMessage(guest, move) {
    const command = move.by && `line ${move.by.line} (\`${move.by.command}\`)`;
    const where = !command ? '' : move.by.exact ? ` at ${command}` : ` after ${command} started`;
    const more = guest.clockMoves.length - 1;
    const moves = more > 0 ? ` (and ${more} more time${more > 1 ? 's' : ''})` : '';
    const jump = move.btime - move.was;
    const then = move.uptime === undefined ? undefined : guestTimeAt(guest, move.uptime);
    let how = `, by ${jump} s`;
    if (Math.abs(jump) <= 1)
        how = ', to within a second of where it was';
    else if (then !== undefined && move.uptime !== undefined)
        how = `: it went from about ${toTheMinute(then)} to about ${toTheMinute(move.btime + move.uptime)}`;
    return `the guest's clock was set while the probe ran${where}${how}${moves}; what ran after that did not run at the requested date (the harness sets the clock: a probe must not)`;
}
/** The slack allowed between the requested date and the guest's clock at probe start. */
function clockWindow(evidence) {
    const expected = Math.floor((evidence.stepTo ?? evidence.date).getTime() / 1000);
    // step, cross: set just before the probe starts. boot: the clock ran through the whole boot.
    const late = evidence.clock === 'boot' ? Math.ceil(evidence.durationMs / 1000) + 120 : 60;
    return [expected - 2, expected + late];
}
function evaluateBoot(evidence) {
    const base = {
        date: formatInstant(evidence.date),
        clock: evidence.clock,
        arch: evidence.arch,
        suite: evidence.suite,
    };
    const guest = evidence.guest;
    const afterRollover = isAfterRollover(evidence.date);
    const findings = [];
    const started = guest.clockAtProbe !== undefined;
    if (!started) {
        if (evidence.timedOut) {
            findings.push({
                ...base,
                stage: 'timeout',
                message: `the guest did not reach the probe within ${evidence.timeoutSeconds} s`,
                signature: { id: 'timeout', match: '' },
                context: lastLines(evidence.console, 25),
            });
            return { outcome: 'timeout', findings };
        }
        findings.push(bootFailure(evidence, base));
        return { outcome: 'boot-failure', findings };
    }
    const [earliest, latest] = clockWindow(evidence);
    const clock = guest.clockAtProbe;
    if (guest.step && !guest.step.ok) {
        findings.push({
            ...base,
            stage: 'clock',
            program: 'date',
            message: `the guest could not set its clock to ${base.date}: ${guest.step.message}`,
            signature: { id: 'clock-step-failed', match: guest.step.message },
        });
        return { outcome: 'wrong-date', findings };
    }
    if (clock < earliest || clock > latest) {
        findings.push({
            ...base,
            stage: 'clock',
            message: `the guest did not run at the requested date: its clock read ${formatInstant(new Date(clock * 1000))} when the probe started, not ${base.date}`,
            signature: { id: 'wrong-date', match: String(clock) },
        });
        return { outcome: 'wrong-date', findings };
    }
    // Tampered records decide before anything the records say; the other rungs after a clock that moved.
    const cut = cutShort(guest, { timedOut: evidence.timedOut });
    if (cut?.rung === 'tampered') {
        findings.push({
            ...base,
            stage: 'probe',
            message: `the results were tampered with: record${cut.records.length > 1 ? 's' : ''} ${cut.records.slice(0, 5).join(', ')} arrived out of sequence, written by something other than the harness`,
            signature: { id: 'tampered', match: '' },
        });
        return { outcome: 'tampered', findings };
    }
    // When each line's finding happened (its reported line may be the first of a continued command).
    const failedAt = new Map();
    for (const line of guest.lines) {
        const start = continuedFrom(evidence.probeSource, line.line);
        const text = evidence.probeSource?.slice(start - 1, line.line).join(' ');
        const found = probeLineFinding({ ...line, line: start }, base, afterRollover, text);
        if (!found)
            continue;
        const finding = evidence.crossing ? timed(found, line, guest, evidence.date) : found;
        failedAt.set(finding, failureUptime(line));
        findings.push(finding);
    }
    const moved = guest.clockMoves[0];
    if (moved) {
        // What failed before the clock moved ran at the date; what ran after did not.
        const before = findings.filter((finding) => {
            const uptime = failedAt.get(finding);
            return moved.uptime !== undefined && uptime !== undefined && uptime < moved.uptime;
        });
        return {
            outcome: 'clock-moved',
            findings: [
                ...before,
                {
                    ...base,
                    stage: 'probe',
                    ...(moved.by ? { line: moved.by.line, command: moved.by.command } : {}),
                    message: clockMovedMessage(guest, moved),
                    signature: { id: 'clock-moved', match: '' },
                },
            ],
        };
    }
    if (cut?.rung === 'timeout') {
        findings.push({
            ...base,
            stage: 'timeout',
            ...lineOf(guest),
            message: `the probe did not finish within ${evidence.timeoutSeconds} s; it was running${whereProbeWas(guest)}`,
            signature: { id: 'timeout', match: '' },
            context: lastLines(evidence.console, 25),
        });
        return { outcome: 'timeout', findings };
    }
    if (cut?.rung === 'incomplete') {
        const consoleHits = lastLines(evidence.console, 400).filter((l) => matchSignature(l, afterRollover));
        const why = cut.droppedBytes > 0
            ? `the probe printed more than the guest sends; ${cut.droppedBytes} bytes after that were not sent, so its later results are unknown`
            : `the guest stopped before the probe finished${cut.missingRecords ? ` (${cut.missingRecords} records lost)` : ''}; it was running${whereProbeWas(guest)}`;
        findings.push({
            ...base,
            stage: 'probe',
            ...lineOf(guest),
            message: why,
            signature: { id: 'incomplete', match: '' },
            context: consoleHits.length > 0 ? consoleHits.slice(-25) : lastLines(evidence.console, 25),
        });
        return { outcome: 'incomplete', findings };
    }
    if (cut?.rung === 'stopped') {
        findings.push({
            ...base,
            stage: 'probe',
            ...(cut.line !== undefined ? { line: cut.line } : lineOf(guest)),
            message: cut.message,
            signature: { id: 'probe-stopped', match: '' },
        });
        return { outcome: 'probe-stopped', findings };
    }
    if (evidence.crossing && !ranPastCrossing(guest, evidence.date)) {
        findings.push({
            ...base,
            stage: 'probe',
            ...lineOf(guest),
            message: `the probe ended before the guest's clock crossed ${base.date}: nothing ran after it (call y2038_wait_crossing before the checks that should run after it)`,
            signature: { id: 'not-crossed', match: '' },
        });
        return { outcome: 'incomplete', findings };
    }
    const failedPastRollover = afterRollover ? [] : failuresPastRollover(failedAt, guest);
    return reconcile({ outcome: 'pass', findings: [], ...(failedPastRollover.length > 0 ? { failedPastRollover } : {}) }, findings);
}
/**
 * The keys of the line findings whose failure came when the guest's clock was surely past the
 * rollover. Both ways of telling the time at an uptime fall short of the clock (the clock read
 * in whole seconds, btime in whole seconds of a boot that began at a fraction of one): the
 * later of the two is still no later than the clock was.
 */
function failuresPastRollover(failedAt, guest) {
    const keys = [];
    for (const [finding, uptime] of failedAt) {
        const key = failureKey(finding);
        if (!key || uptime === undefined)
            continue;
        const times = [guestTimeAt(guest, uptime), guest.clockWatch && guest.clockWatch.btime + uptime];
        const latest = Math.max(...times.filter((t) => t !== undefined));
        if (Number.isFinite(latest) && isAfterRollover(new Date(latest * 1000)))
            keys.push(key);
    }
    return keys;
}
/** clock cross: a command of the probe started, or failed, after the clock crossed `crossing`. */
function ranPastCrossing(guest, crossing) {
    const uptimes = guest.lines.flatMap((l) => [l.lastUptime, ...l.failures.map((f) => f.uptime)]);
    const latest = Math.max(...uptimes.filter((u) => u !== undefined));
    const time = Number.isFinite(latest) ? guestTimeAt(guest, latest) : undefined;
    return time !== undefined && time * 1000 >= crossing.getTime();
}
/** Findings about the run as a whole (it did not test what it was asked): never set aside. */
const RUN_SIGNATURES = new Set([...RUN_OUTCOME_SIGNATURES, 'not-crossed']);
/** What makes two failures of a line "the same way": where, how it ended, and what it said, digits aside. */
function failureKey(finding) {
    if (finding.stage === 'services' && finding.program && !RUN_SIGNATURES.has(finding.signature.id)) {
        return [finding.stage, finding.program, finding.signature.id, finding.message.replace(/\d+/g, '#')].join('\u0000');
    }
    if ((finding.stage !== 'probe' && finding.stage !== 'setup') ||
        finding.line === undefined ||
        RUN_SIGNATURES.has(finding.signature.id))
        return undefined;
    return [
        finding.stage,
        finding.line,
        finding.signature.id,
        finding.exitStatus ?? '',
        finding.message.replace(/\d+/g, '#'),
    ].join('\u0000');
}
/**
 * A probe line that fails the same way at the control date, or on both sides of the
 * rollover in one run, is not a Year-2038 failure: it is dropped from the findings at every
 * date, with the reason kept. The control's own findings are never findings.
 */
function dropBaselineFailures(verdicts, control) {
    const atControl = new Set();
    for (const finding of control?.verdict.findings ?? []) {
        const key = failureKey(finding);
        if (key)
            atControl.add(key);
    }
    const before = new Map();
    const after = new Set();
    for (const { date, verdict } of verdicts) {
        for (const finding of verdict.findings) {
            const key = failureKey(finding);
            if (!key)
                continue;
            if (isAfterRollover(date) || verdict.failedPastRollover?.includes(key))
                after.add(key);
            else if (!before.has(key))
                before.set(key, finding.date);
        }
    }
    const ignored = [];
    const kept = verdicts.map(({ date, verdict }) => {
        const findings = verdict.findings.filter((finding) => {
            const key = failureKey(finding);
            if (key && atControl.has(key)) {
                ignored.push({ finding, reason: `fails the same way at the control date (${formatInstant(control.date)})` });
                return false;
            }
            if (key && before.has(key) && after.has(key)) {
                ignored.push({ finding, reason: `fails the same way before the rollover (${before.get(key)})` });
                return false;
            }
            return true;
        });
        return { date, verdict: reconcile(verdict, findings) };
    });
    return { verdicts: kept, ignored };
}

;// CONCATENATED MODULE: ./src/verdict/confirm.ts
/**
 * Findings confirmed: a date with findings runs again from the same saved guest, and a line
 * whose answer changes between the two runs (or that fails at the control the second time
 * it runs there) is flaky, listed apart, never a Year-2038 finding. Pure, but for the runs
 * confirmFindings is handed.
 */



/** The runs that can be compared: both ran the probe to its end at the date. */
function isComparable(verdict) {
    return isJudged(verdict.outcome);
}
/** A date whose findings are worth confirming: it failed on lines of the probe, setup or services. */
function needsConfirmation(verdict) {
    return verdict.outcome === 'fail' && verdict.findings.some((f) => failureKey(f) !== undefined);
}
/** The line (or the unit) a finding is about. */
function whereKey(finding) {
    return [finding.stage, finding.line ?? finding.program ?? ''].join('\u0000');
}
/**
 * A line's answer in one run: how it failed (its signature and exit status), not the words
 * it printed, which hold times, PIDs and weekdays that differ from run to run (busybox's
 * wrapped date is another day each time). Undefined for findings about the run itself.
 */
function answerKey(finding) {
    if (!failureKey(finding))
        return undefined;
    return [whereKey(finding), finding.signature.id, finding.exitStatus ?? ''].join('\u0000');
}
/** How each line failed in one run: its answers, by line. */
function answers(verdict) {
    const byLine = new Map();
    for (const finding of verdict.findings) {
        const key = answerKey(finding);
        if (!key)
            continue;
        const where = whereKey(finding);
        byLine.set(where, (byLine.get(where) ?? new Set()).add(key));
    }
    return byLine;
}
const sameSet = (a, b) => (a?.size ?? 0) === (b?.size ?? 0) && [...(a ?? [])].every((k) => b?.has(k));
/**
 * The first run's verdict with the lines whose answer changed in the second run taken out:
 * each of their failures, from either run, is flaky.
 */
function confirmDate(first, again) {
    const before = answers(first);
    const after = answers(again);
    const changed = new Set([...before.keys(), ...after.keys()].filter((where) => !sameSet(before.get(where), after.get(where))));
    const flaky = [];
    const kept = first.findings.filter((finding) => {
        if (!failureKey(finding) || !changed.has(whereKey(finding)))
            return true;
        flaky.push({
            finding,
            reason: after.has(whereKey(finding))
                ? 'flaky: it failed another way when the date ran again from the same saved guest'
                : 'flaky: it passed when the date ran again from the same saved guest',
        });
        return false;
    });
    for (const finding of again.findings) {
        if (failureKey(finding) && changed.has(whereKey(finding)) && !before.has(whereKey(finding)))
            flaky.push({ finding, reason: 'flaky: it passed at first and failed when the date ran again' });
    }
    return { verdict: reconcile(first, kept), flaky };
}
/**
 * The date's verdict without the findings whose line failed the same way at the control
 * when it ran there again, having passed there the first time: flaky. (A line that failed
 * the same way at the control both times is set aside as failing at the control, later.)
 */
function confirmAtControl(verdict, controlFirst, controlAgain, controlDate) {
    const keys = (v) => new Set(v.findings.map(answerKey).filter((k) => !!k));
    const first = keys(controlFirst);
    const again = keys(controlAgain);
    const flaky = [];
    const kept = verdict.findings.filter((finding) => {
        const key = answerKey(finding);
        if (!key || first.has(key) || !again.has(key))
            return true;
        flaky.push({
            finding,
            reason: `flaky: it passed at the control date (${controlDate}) once and failed there the same way when it ran again`,
        });
        return false;
    });
    return { verdict: reconcile(verdict, kept), flaky };
}
/**
 * Each date with findings runs again from the saved guest, then the control once if a line
 * still fails: a line whose answer changes is flaky (returned), not a finding. Replaces the
 * runs' verdicts with the confirmed ones.
 */
async function confirmFindings(runs, control, how) {
    const flaky = [];
    const comparableAgain = async (run, label) => {
        const again = await how.runAgain(run, label);
        if (isComparable(again))
            return again;
        how.log.warn(`the run again at ${formatInstant(run.date)} did not complete (${again.outcome}): nothing is confirmed by it`);
        return undefined;
    };
    if (!runs.some((r) => needsConfirmation(r.verdict)))
        return flaky;
    if (!how.hasSnapshot) {
        how.log.info('findings not confirmed: there is no saved guest to run the dates again from');
        return flaky;
    }
    for (const run of runs.filter((r) => needsConfirmation(r.verdict))) {
        const again = await comparableAgain(run, 'Confirm at');
        if (!again)
            continue;
        const confirmed = confirmDate(run.verdict, again);
        run.verdict = confirmed.verdict;
        flaky.push(...confirmed.flaky);
    }
    const failing = runs.filter((r) => needsConfirmation(r.verdict));
    if (!control || !isComparable(control.verdict) || failing.length === 0)
        return flaky;
    const again = await comparableAgain(control, 'Confirm the control at');
    if (!again)
        return flaky;
    for (const run of failing) {
        const confirmed = confirmAtControl(run.verdict, control.verdict, again, formatInstant(control.date));
        run.verdict = confirmed.verdict;
        flaky.push(...confirmed.flaky);
    }
    return flaky;
}

;// CONCATENATED MODULE: ./src/verdict/remedy.ts
/**
 * What fixes a Year-2038 finding on a 32-bit userland, in one line, where a fix exists: one
 * home for the advice the text report, the job summary and the annotations give. Pure.
 */


const FLAGS = 'rebuild with -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64 (glibc 2.34 or later)';
/** What the userland is called where it is not a Debian suite: the user's own system (`image`). */
const OWN_SYSTEM = 'own system';
/** The userland's name for the remedy: its Debian suite, or OWN_SYSTEM with `image`. */
function userlandSuite(suite, ownSystem) {
    return ownSystem ? OWN_SYSTEM : suite;
}
/** The advice for a target, or undefined where time_t is 64-bit (amd64, arm64). */
function remedy(arch, suite) {
    if (suite === OWN_SYSTEM) {
        return TIME32_CAPABLE.includes(arch)
            ? `Fix: ${FLAGS} in the system's build; musl has a 64-bit time_t from 1.2.`
            : undefined;
    }
    switch (arch) {
        case 'i386':
            return `Fix: ${FLAGS}; Debian's own i386 packages keep a 32-bit time_t in every release.`;
        case 'armhf':
        case 'armel':
            return suite === 'bookworm'
                ? `Fix: ${FLAGS}, or move to trixie, where Debian's ${arch} packages have a 64-bit time_t.`
                : `Fix: ${FLAGS}: Debian's own ${arch} packages in ${suite} have a 64-bit time_t, so this is software built without it.`;
        default:
            return undefined;
    }
}
/** The advice for a finding that may be a Year-2038 failure: a probe line or a service after the clock moved. */
function remedyFor(finding) {
    if ((finding.stage !== 'probe' && finding.stage !== 'services') || RUN_SIGNATURES.has(finding.signature.id))
        return undefined;
    return remedy(finding.arch, finding.suite);
}

;// CONCATENATED MODULE: ./src/protocol/records.ts
/**
 * The serial protocol between the guest harness and the host. The guest writes records:
 *
 *     \x1eY2038|<token>|<seq>|<kind>|<length>|<payload of <length> bytes>\n
 *
 * The payload is raw bytes and may hold newlines (the probe's output travels in chunks).
 * <token> is random per boot, so nothing from another boot is taken for a record; <length>
 * delimits the payload, so whatever a payload holds (even text that looks like a record)
 * is never read as framing; <seq> counts from 1, so a lost record shows as a gap, and a
 * record that repeats or goes back in the sequence shows that something other than the
 * harness wrote to the port. Anything between records is ignored. Pure.
 */
function recordMarker(token) {
    return Buffer.from(`\x1eY2038|${token}|`, 'latin1');
}
/** Encodes one record as the guest does; for tests and for fixtures. */
function encodeRecord(token, seq, kind, payload) {
    const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    return Buffer.concat([
        Buffer.from(`\x1eY2038|${token}|${seq}|${kind}|${body.length}|`, 'latin1'),
        body,
        Buffer.from('\n'),
    ]);
}
const HEADER = /^(\d{1,9})\|([a-z]{1,16})\|(\d{1,10})\|/;
/** The record whose marker ends at `start`, and where the next search begins; undefined if none. */
function recordAt(data, start) {
    const head = HEADER.exec(data.subarray(start, start + 48).toString('latin1'));
    if (!head)
        return undefined;
    const [whole, seq, kind, length] = head;
    const from = start + whole.length;
    const to = from + Number(length);
    if (to >= data.length)
        return undefined;
    // A terminal in cooked mode turns \n into \r\n.
    let next;
    if (data[to] === 0x0a)
        next = to + 1;
    else if (data[to] === 0x0d && data[to + 1] === 0x0a)
        next = to + 2;
    else
        return undefined;
    return { record: { seq: Number(seq), kind: kind, data: Buffer.from(data.subarray(from, to)) }, next };
}
function parseRecords(data, token) {
    const marker = recordMarker(token);
    const records = [];
    const missing = [];
    const outOfOrder = [];
    let corrupt = 0;
    let expected = 1;
    let at = data.indexOf(marker);
    while (at >= 0) {
        const found = recordAt(data, at + marker.length);
        if (!found) {
            corrupt++;
            at = data.indexOf(marker, at + 1);
            continue;
        }
        const { record, next } = found;
        if (record.seq < expected) {
            outOfOrder.push(record.seq);
        }
        else {
            for (let seq = expected; seq < record.seq; seq++)
                missing.push(seq);
            records.push(record);
            expected = record.seq + 1;
        }
        at = data.indexOf(marker, next);
    }
    return { records, corrupt, missing, outOfOrder };
}

;// CONCATENATED MODULE: ./src/protocol/run-config.ts


/** The most the probe's files under $Y2038_OUT bring back per date. */
const OUT_LIMIT_BYTES = 64 * 2 ** 20;
/** The stages that run once per boot before the guest says ready, in this order. */
const STAGES = ['install', 'setup'];
/** A token for each stage the run has: the .debs to install, the setup script. */
function stageTokens(has) {
    return {
        ...(has.debs ? { install: newToken() } : {}),
        ...(has.setup ? { setup: newToken() } : {}),
    };
}
/**
 * Each userland's numbers, from the kernel's syscall tables (arch/x86/entry/syscalls/
 * syscall_32.tbl and syscall_64.tbl, arch/arm/tools/syscall.tbl, include/uapi/asm-generic/
 * unistd.h). A 64-bit kernel's timerfd_settime takes 64-bit times already.
 */
const GUEST_SYSCALLS = {
    i386: { read: 3, write: 4, openat: 295, close: 6, ioctl: 54, timerfd_create: 322, timerfd_settime64: 411 },
    amd64: { read: 0, write: 1, openat: 257, close: 3, ioctl: 16, timerfd_create: 283, timerfd_settime64: 286 },
    armhf: { read: 3, write: 4, openat: 322, close: 6, ioctl: 54, timerfd_create: 350, timerfd_settime64: 411 },
    armel: { read: 3, write: 4, openat: 322, close: 6, ioctl: 54, timerfd_create: 350, timerfd_settime64: 411 },
    arm64: { read: 63, write: 64, openat: 56, close: 57, ioctl: 29, timerfd_create: 85, timerfd_settime64: 86 },
};
/** As sys.pl reads them from Y2038_SYSCALLS: `read=3,write=4,...`. */
function syscallsText(numbers) {
    return Object.entries(numbers)
        .map(([name, number]) => `${name}=${number}`)
        .join(',');
}
function shellAssignments(vars) {
    return Object.entries(vars)
        .map(([name, value]) => {
        if (!/^[A-Za-z0-9_.:@+/,=-]*$/.test(String(value)))
            throw new Error(`unsafe value for ${name}: ${value}`);
        return `${name}='${value}'\n`;
    })
        .join('');
}
/** The shell variables init.sh reads from the harness disk. Every value is plain ASCII without quotes. */
function runConfigText(config) {
    const syscalls = GUEST_SYSCALLS[config.arch];
    const text = shellAssignments({
        Y2038_HARNESS_VERSION: HARNESS_VERSION,
        Y2038_RESULTS_PORT: RESULTS_PORT_NAME,
        Y2038_JOB_PORT: JOB_PORT_NAME,
        Y2038_WORKDIR_SERIAL: WORKDIR_DISK_SERIAL,
        Y2038_PROBE_SERIAL: PROBE_DISK_SERIAL,
        Y2038_PROBE_DIR: GUEST_PROBE_DIR,
        Y2038_CLOCK: config.clock,
        Y2038_ARCH: config.arch,
        Y2038_SUITE: config.suite,
        Y2038_CWD: config.workdir ? GUEST_WORKDIR : '/',
        Y2038_WORKDIR: config.workdir ? 'yes' : '',
        Y2038_INSTALL_TOKEN: config.stages?.install ?? '',
        Y2038_SETUP_TOKEN: config.stages?.setup ?? '',
        Y2038_OUT_LIMIT: OUT_LIMIT_BYTES,
        Y2038_INIT: config.init ?? 'sh',
        Y2038_SYSTEMD_TARGET: config.systemdTarget ?? 'multi-user.target',
        Y2038_SYSCALLS: syscalls ? syscallsText(syscalls) : '',
        Y2038_RUNTIME: config.runtime ? GUEST_RUNTIME_DIR : '',
    });
    if (!syscalls)
        throw new Error(`no system call numbers for ${config.arch}`);
    return text;
}

;// CONCATENATED MODULE: ./src/protocol/events.ts
const events_int = (text) => text !== undefined && /^-?\d{1,12}$/.test(text) ? Number(text) : undefined;
/** Seconds since the epoch, whole or with a fraction (`date +%s.%N`). */
const events_epochSeconds = (text) => text !== undefined && /^-?\d{1,12}(?:\.\d{1,9})?$/.test(text) ? Number(text) : undefined;
const seconds = (text) => text !== undefined && /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : undefined;
function keyValues(payload) {
    const out = {};
    for (const part of payload.split(' ')) {
        const eq = part.indexOf('=');
        if (eq > 0)
            out[part.slice(0, eq)] = part.slice(eq + 1);
    }
    return out;
}
const UNIT_SUFFIX = /\.(?:service|socket|mount|timer|path|swap|scope|slice|target|device|automount)$/;
/** systemd unit names, from a list with one unit per line in its first column (systemctl's). */
function unitNames(text) {
    return text
        .split('\n')
        .map((line) => line.trim().split(/\s+/)[0] ?? '')
        .filter((unit) => /^[\w@:.\\-]+$/.test(unit) && UNIT_SUFFIX.test(unit));
}
/** One record as an event; undefined for a kind the host does not know or a payload that does not parse. */
function decodeRecord(record) {
    if (record.kind === 'out' || record.kind === 'data')
        return { kind: record.kind, data: record.data };
    const payload = record.data.toString('utf8');
    switch (record.kind) {
        case 'hello': {
            const kv = keyValues(payload);
            const version = events_int(kv.harness);
            return version === undefined
                ? undefined
                : {
                    kind: 'hello',
                    harnessVersion: version,
                    ...(kv.machine ? { machine: kv.machine } : {}),
                    ...(kv.kernel ? { kernelRelease: kv.kernel } : {}),
                };
        }
        case 'userland': {
            const width = Number(keyValues(payload)['time_t']);
            return { kind: 'userland', ...(width === 32 || width === 64 ? { timeT: width } : {}) };
        }
        case 'stage':
            return { kind: 'stage', name: payload };
        case 'step':
            return { kind: 'step', ok: payload === 'ok', message: payload };
        case 'clock': {
            const epoch = events_epochSeconds(payload);
            return epoch === undefined ? undefined : { kind: 'clock', epoch };
        }
        case 'uptime': {
            const up = seconds(payload);
            return up === undefined ? undefined : { kind: 'uptime', seconds: up };
        }
        case 'init': {
            const [kind = '', ...rest] = payload.split(' ');
            const kv = keyValues(rest.join(' '));
            const took = seconds(kv.seconds);
            return {
                kind: 'init',
                init: {
                    kind,
                    ...(kv.target ? { target: kv.target } : {}),
                    ...(took !== undefined ? { seconds: took } : {}),
                    ...(kv.state ? { state: kv.state } : {}),
                },
            };
        }
        case 'bootfailed':
        case 'failedunits':
            return { kind: record.kind, units: unitNames(payload) };
        case 'marks':
            return /^[0-9a-f]{16,64}$/.test(payload)
                ? { kind: 'marks', marker: Buffer.from(`\x1eY2038M${payload}:`, 'latin1') }
                : undefined;
        case 'status': {
            const status = events_int(payload);
            return status === undefined ? undefined : { kind: 'status', status };
        }
        case 'dropped':
            return { kind: 'dropped', bytes: events_int(payload) ?? 0 };
        case 'unread': {
            const bytes = events_int(payload);
            return bytes === undefined || bytes < 0 ? undefined : { kind: 'unread', bytes };
        }
        case 'end': {
            const bytes = events_int(payload);
            return bytes === undefined ? undefined : { kind: 'end', bytes };
        }
        case 'clockwatch': {
            const m = /^(.+) btime=(\d+)$/.exec(payload);
            return m ? { kind: 'clockwatch', how: m[1], btime: Number(m[2]) } : undefined;
        }
        case 'clockmoved': {
            const m = /^u(\d+(?:\.\d+)?)? btime=(\d+) was=(\d+)$/.exec(payload);
            return m
                ? {
                    kind: 'clockmoved',
                    ...(m[1] !== undefined ? { uptime: Number(m[1]) } : {}),
                    btime: Number(m[2]),
                    was: Number(m[3]),
                }
                : undefined;
        }
        case 'file':
            return { kind: 'file', name: payload };
        case 'skip': {
            const [name = '', why = ''] = payload.split('\t');
            return { kind: 'skip', name, why };
        }
        case 'outend': {
            const [files = NaN, bytes = NaN, notSent = 0, cut = 0] = payload.split(' ').map(Number);
            return { kind: 'outend', files, bytes, notSent, cut: cut === 1 };
        }
    }
    return undefined;
}
/** The units systemctl listed as failed after the probe (the out token's records), if it could. */
function failedUnitsAfter(stream) {
    for (const event of stream.records.map(decodeRecord))
        if (event?.kind === 'failedunits')
            return event.units;
    return [];
}
// Since harness version 4 both carry `u<seconds since boot>` after the depth; since 5 cmd
// carries `b<btime>` after it.
const CMD = /^(\d+) (\d+) (\d+)(?: u(\d+(?:\.\d+)?))?(?: b(\d+))? ?(.*)$/s;
const FAIL = /^(\d+) (\d+) (\d+)(?: u(\d+(?:\.\d+)?))? ([\d,]*) ?(.*)$/s;
function decodeMark(text) {
    const space = text.indexOf(' ');
    const kind = space < 0 ? text : text.slice(0, space);
    const rest = space < 0 ? '' : text.slice(space + 1);
    switch (kind) {
        case 'cmd': {
            const m = CMD.exec(rest);
            if (!m)
                return undefined;
            return {
                kind,
                line: Number(m[1]),
                prev: Number(m[2]),
                depth: Number(m[3]),
                ...(m[4] !== undefined ? { uptime: Number(m[4]) } : {}),
                ...(m[5] !== undefined ? { btime: Number(m[5]) } : {}),
                text: m[6],
            };
        }
        case 'fail': {
            const m = FAIL.exec(rest);
            if (!m)
                return undefined;
            return {
                kind,
                line: Number(m[1]),
                status: Number(m[2]),
                depth: Number(m[3]),
                ...(m[4] !== undefined ? { uptime: Number(m[4]) } : {}),
                pipeline: m[5].split(',').filter(Boolean).map(Number),
                text: m[6],
            };
        }
        case 'check': {
            const m = /^(\d+) (.*)$/s.exec(rest);
            return m ? { kind, line: Number(m[1]), name: m[2] } : undefined;
        }
        case 'done': {
            const [number, word] = rest.split(' ');
            const status = events_int(number);
            return { kind, ...(status !== undefined ? { status } : {}), ...(word === 'watched' ? { watched: true } : {}) };
        }
        case 'exit': {
            const status = events_int(rest);
            return { kind, ...(status !== undefined ? { status } : {}) };
        }
        case 'exittrap': {
            const m = /^(\d+) (.*)$/s.exec(rest);
            return m ? { kind, line: Number(m[1]), text: m[2] } : undefined;
        }
        case 'trapfail': {
            const m = /^(\d+) (\d+) ([\d,]*)$/.exec(rest);
            return m
                ? { kind, status: Number(m[1]), depth: Number(m[2]), pipeline: m[3].split(',').filter(Boolean).map(Number) }
                : undefined;
        }
        case 'ran':
            return { kind, text: rest };
        case 'syntax':
            return { kind, message: rest };
    }
    return undefined;
}
/**
 * The tag of the harness's own trace records (PS4: `\x01` once per level, `Y2038T<secret>:`),
 * from the session's marker (`\x1eY2038M<secret>:`). A line of the probe's output that starts
 * with it is the harness's trace that bash wrote to standard error, never the probe's output.
 */
const MARK_PREFIX = '\x1eY2038M';
function isHarnessTrace(line, marker) {
    if (!marker || !line.startsWith('\x01'))
        return false;
    const secret = marker.subarray(MARK_PREFIX.length).toString('latin1');
    let start = 0;
    while (line[start] === '\x01')
        start++;
    return line.startsWith(`Y2038T${secret}`, start);
}
/**
 * bash runs the DEBUG trap once more for the first command of the ERR and EXIT handlers,
 * with BASH_COMMAND still the last command that ran: a cmd mark whose $? is the status of
 * the fail (same line and depth) or exit mark right after it is that echo, not a command.
 */
function isTrapEcho(mark, next) {
    if (mark?.kind !== 'cmd' || mark.prev === 0 || !next)
        return false;
    if (next.kind === 'fail')
        return next.line === mark.line && next.status === mark.prev && next.depth === mark.depth;
    return next.kind === 'exit' && next.status === mark.prev;
}
/**
 * The output stream cut at the marks: output bytes and decoded marks in the order they came,
 * without the trap echoes. A mark that does not decode is dropped; its bytes are not output.
 */
function splitAtMarks(data, marker) {
    if (!marker)
        return [data];
    const pieces = [];
    const marks = [];
    let pos = 0;
    while (pos < data.length) {
        const at = data.indexOf(marker, pos);
        if (at < 0) {
            pieces.push(data.subarray(pos));
            break;
        }
        pieces.push(data.subarray(pos, at));
        const start = at + marker.length;
        const newline = data.indexOf(0x0a, start);
        const stop = newline < 0 ? data.length : newline;
        const mark = decodeMark(data.subarray(start, stop).toString('utf8'));
        if (mark) {
            marks.push({ mark, at: pieces.length });
            pieces.push(mark);
        }
        pos = stop + 1;
    }
    const echoes = new Set(marks.filter((m, i) => isTrapEcho(m.mark, marks[i + 1]?.mark)).map((m) => m.at));
    return pieces.filter((_, i) => !echoes.has(i));
}

;// CONCATENATED MODULE: ./src/verdict/guest-report.ts
/**
 * What the guest reported, rebuilt from its records: the harness's greeting, the clock at
 * probe start, each line of the probe with its commands, output and failures, and how the
 * probe ended. The records and the marks in the probe's output stream are decoded in
 * src/protocol/events.ts; everything between marks is output of the command that started
 * last. Pure.
 */


const DEFAULT_LIMITS = {
    headLines: 200,
    signLines: 100,
    tailLines: 20,
    lineChars: 4096,
    isSign: () => false,
};
/** Output lines of one probe line, kept within the limits. */
class OutputKeeper {
    limits;
    head = [];
    signs = [];
    tail = [];
    seen = 0;
    omitted = 0;
    constructor(limits) {
        this.limits = limits;
    }
    add(raw) {
        const text = raw.length > this.limits.lineChars ? `${raw.slice(0, this.limits.lineChars)}…` : raw;
        const index = this.seen++;
        if (this.head.length < this.limits.headLines) {
            this.head.push(text);
            return;
        }
        if (this.signs.length < this.limits.signLines && this.limits.isSign(text)) {
            this.signs.push(text);
            return;
        }
        this.tail.push({ index, text });
        if (this.tail.length > this.limits.tailLines) {
            this.tail.shift();
            this.omitted++;
        }
    }
    lines() {
        return { output: [...this.head, ...this.signs, ...this.tail.map((t) => t.text)], omitted: this.omitted };
    }
}
/** The probe's commands as they started, per depth, for attributing a later status. */
class CommandTrail {
    byDepth = new Map();
    topDepth;
    last;
    /** Records a command start; returns the command at the same depth whose status `prev` is. */
    start(event) {
        this.topDepth ??= event.depth;
        // A command at this depth means every deeper frame (a function body) has ended.
        for (const depth of this.byDepth.keys())
            if (depth > event.depth)
                this.byDepth.delete(depth);
        const recent = this.byDepth.get(event.depth) ?? [];
        const previous = recent.at(-1);
        recent.push(event);
        if (recent.length > 16)
            recent.shift();
        this.byDepth.set(event.depth, recent);
        this.last = event;
        return previous;
    }
    /** The commands last started at `depth` on `line`, most recent last. */
    recentOn(depth, line) {
        const recent = this.byDepth.get(depth) ?? [];
        const out = [];
        for (let i = recent.length - 1; i >= 0 && recent[i].line === line; i--)
            out.unshift(recent[i]);
        return out;
    }
    atTop() {
        return this.topDepth === undefined ? undefined : this.byDepth.get(this.topDepth)?.at(-1);
    }
}
function buildGuestReport(stream, limits = DEFAULT_LIMITS) {
    const report = {
        lines: [],
        preamble: [],
        droppedBytes: 0,
        complete: false,
        corruptRecords: stream.corrupt,
        missingRecords: stream.missing.length,
        outOfOrderRecords: stream.outOfOrder,
        clockMoves: [],
    };
    const byLine = new Map();
    const preamble = new OutputKeeper(limits);
    const trail = new CommandTrail();
    let current;
    let marker;
    const chunks = [];
    let outBytes = 0;
    let endCount;
    /** The probe's EXIT action, once it started: where its failures go, and the last one reported. */
    let exitAction;
    /** The failure of the mark just before, for the `ran` mark that may follow it. */
    let lastFail;
    const lineFor = (line, command = '') => {
        let found = byLine.get(line);
        if (!found) {
            found = { entry: { line, command, output: [], omittedOutput: 0, failures: [] }, keeper: new OutputKeeper(limits) };
            byLine.set(line, found);
            report.lines.push(found.entry);
        }
        else if (!found.entry.command && command) {
            found.entry.command = command;
        }
        return found;
    };
    // The command running when each move was seen, and the first command started after a move.
    const runningAtMove = [];
    let movedBefore;
    for (const record of stream.records)
        applyRecord(record);
    readOutputStream(Buffer.concat(chunks));
    // The probe's EXIT action ended the shell with a status of its own (exit N in it).
    const { processStatus, exitStatus } = report;
    if (exitAction && processStatus && exitStatus !== undefined && processStatus !== exitStatus) {
        lineFor(exitAction.line).entry.failures.push({ status: processStatus, command: exitAction.command, how: 'error' });
    }
    // A move the marks show and the framer did not see (its watch could not be armed, or a set
    // and a set back fell between two looks): a move all the same.
    const baseline = report.clockWatch?.btime;
    if (report.clockMoves.length === 0 && movedBefore && baseline !== undefined) {
        const { uptime, btime } = movedBefore.event;
        report.clockMoves.push({ ...(uptime !== undefined ? { uptime } : {}), was: baseline, btime: btime });
    }
    report.clockMoves.forEach((move, i) => {
        const exact = i === 0 && movedBefore ? (movedBefore.previous ?? movedBefore.event) : undefined;
        const by = exact ?? runningAtMove[i];
        if (by)
            move.by = { line: by.line, command: by.text, exact: exact !== undefined };
    });
    for (const { entry, keeper } of byLine.values()) {
        const kept = keeper.lines();
        entry.output = kept.output;
        entry.omittedOutput = kept.omitted;
    }
    report.preamble = preamble.lines().output;
    report.lines.sort((a, b) => a.line - b.line);
    if (trail.last)
        report.lastCommand = { line: trail.last.line, command: trail.last.text };
    report.complete = endCount !== undefined && endCount === outBytes && stream.missing.length === 0;
    return report;
    function applyRecord(record) {
        const event = decodeRecord(record);
        switch (event?.kind) {
            case 'out':
                chunks.push(event.data);
                outBytes += event.data.length;
                break;
            case 'hello':
                report.harnessVersion = event.harnessVersion;
                report.machine = event.machine;
                report.kernelRelease = event.kernelRelease;
                break;
            case 'userland':
                if (event.timeT)
                    report.timeT = event.timeT;
                break;
            case 'step':
                report.step = { ok: event.ok, message: event.message };
                break;
            case 'clock':
                report.clockAtProbe = event.epoch;
                break;
            case 'uptime':
                report.uptimeAtProbe = event.seconds;
                break;
            case 'init':
                report.init = event.init;
                break;
            case 'bootfailed':
                report.bootFailedUnits = event.units;
                break;
            case 'marks':
                marker = event.marker;
                break;
            case 'status':
                report.processStatus = event.status;
                break;
            case 'dropped':
                report.droppedBytes = event.bytes;
                break;
            case 'unread':
                report.unreadBytes = event.bytes;
                break;
            case 'end':
                endCount = event.bytes;
                break;
            case 'clockwatch':
                report.clockWatch = { how: event.how, btime: event.btime };
                break;
            case 'clockmoved':
                report.clockMoves.push({
                    ...(event.uptime !== undefined ? { uptime: event.uptime } : {}),
                    was: event.was,
                    btime: event.btime,
                });
                break;
        }
    }
    /** Where the clock moves stand after the command `event` started. */
    function watchClock(event, previous) {
        report.clockMoves.forEach((move, i) => {
            if (event.uptime !== undefined && move.uptime !== undefined && event.uptime <= move.uptime)
                runningAtMove[i] = event;
        });
        const baseline = report.clockWatch?.btime;
        if (movedBefore || event.btime === undefined || baseline === undefined)
            return;
        if (Math.abs(event.btime - baseline) > 1)
            movedBefore = { event, previous };
    }
    function addOutput(bytes) {
        if (bytes.length === 0)
            return;
        const pieces = bytes.toString('utf8').split('\n');
        if (pieces.at(-1) === '')
            pieces.pop();
        const keeper = current?.keeper ?? preamble;
        for (const piece of pieces)
            if (!isHarnessTrace(piece, marker))
                keeper.add(piece.replace(/\r$/, ''));
    }
    function readOutputStream(data) {
        for (const piece of splitAtMarks(data, marker)) {
            if (Buffer.isBuffer(piece))
                addOutput(piece);
            else
                applyMark(piece);
        }
    }
    function applyMark(mark) {
        const failed = lastFail;
        lastFail = undefined;
        switch (mark.kind) {
            case 'cmd': {
                const { line, prev, depth, uptime } = mark;
                const event = {
                    line,
                    depth,
                    text: mark.text,
                    errored: false,
                    ...(uptime !== undefined ? { uptime } : {}),
                    ...(mark.btime !== undefined ? { btime: mark.btime } : {}),
                };
                const lastStarted = trail.last;
                const previous = trail.start(event);
                watchClock(event, lastStarted);
                if (prev !== 0 && previous && !previous.errored)
                    quietFailure(previous, prev, uptime);
                current = lineFor(line, event.text);
                if (uptime !== undefined) {
                    current.entry.firstUptime ??= uptime;
                    current.entry.lastUptime = uptime;
                }
                break;
            }
            case 'fail': {
                const { line, status, depth, uptime, pipeline } = mark;
                const started = trail.recentOn(depth, line);
                for (const event of started.slice(-Math.max(1, pipeline.length)))
                    event.errored = true;
                let command = started.at(-1)?.text ?? mark.text;
                if (pipeline.length > 1 && started.length >= pipeline.length) {
                    const elements = started.slice(-pipeline.length);
                    const failing = pipeline.findLastIndex((s) => s !== 0);
                    if (failing >= 0)
                        command = elements[failing].text;
                }
                else {
                    // The command that failed, not one that ran inside its $(...) after it started.
                    const named = started.findLast((event) => event.text === mark.text);
                    if (named) {
                        named.errored = true;
                        command = named.text;
                    }
                }
                const failure = {
                    status,
                    command,
                    how: 'error',
                    ...(pipeline.length > 1 ? { pipeline } : {}),
                    ...(uptime !== undefined ? { uptime } : {}),
                };
                lineFor(line).entry.failures.push(failure);
                // Its trace is the command bash named (mark.text): kept only when that is the one named here.
                if (command === mark.text)
                    lastFail = failure;
                break;
            }
            case 'ran':
                if (failed && mark.text.trim() !== failed.command.trim())
                    failed.ranAs = mark.text;
                break;
            case 'check':
                lineFor(mark.line).entry.check = mark.name;
                break;
            case 'done': {
                report.doneStatus = mark.status;
                report.endWatched = mark.watched === true;
                const top = trail.atTop();
                if (report.doneStatus && top && !top.errored)
                    quietFailure(top, report.doneStatus);
                break;
            }
            case 'exit':
                report.exitStatus = mark.status;
                break;
            case 'exittrap': {
                // The action's output and failures belong to the line that set it (else to the line that ran last).
                const line = mark.line > 0 ? mark.line : (current?.entry.line ?? 0);
                current = lineFor(line);
                exitAction = { line, command: `trap -- ${shellQuote(mark.text)} EXIT` };
                break;
            }
            case 'trapfail': {
                if (!exitAction) {
                    // Not inside an announced EXIT action (a probe that set the harness's own flag): a failure
                    // all the same, of the command that ran last.
                    const event = trail.last;
                    if (event)
                        event.errored = true;
                    lineFor(event?.line ?? current?.entry.line ?? 0).entry.failures.push({
                        status: mark.status,
                        command: event?.text ?? '',
                        how: 'error',
                    });
                    break;
                }
                // A function of the action whose last command failed returns that status: bash reports it
                // again one level up, and it is the same failure.
                const echo = exitAction.last && exitAction.last.depth > mark.depth && exitAction.last.status === mark.status;
                exitAction.last = { depth: mark.depth, status: mark.status };
                if (echo)
                    break;
                lineFor(exitAction.line).entry.failures.push({
                    status: mark.status,
                    command: exitAction.command,
                    how: 'error',
                    ...(mark.pipeline.length > 1 ? { pipeline: mark.pipeline } : {}),
                });
                break;
            }
            case 'syntax':
                report.syntaxError = mark.message;
                break;
        }
    }
    /** `uptime`: when the status was seen (the next command's start), if known. */
    function quietFailure(event, status, uptime) {
        event.errored = true;
        lineFor(event.line).entry.failures.push({
            status,
            command: event.text,
            how: 'quiet',
            ...(uptime !== undefined ? { uptime } : {}),
        });
    }
}

;// CONCATENATED MODULE: ./src/verdict/crossing.ts
/** clock cross: which side of the crossing a finding is on, and what failed before it. Pure. */


function sideOfCrossing(finding, crossing) {
    if (!finding.guestTime)
        return finding;
    return { ...finding, crossing: Date.parse(finding.guestTime) >= crossing.getTime() ? 'after' : 'before' };
}
/**
 * What failed before the clock crossed the date is not a failure at the date; it is set
 * aside with the time it happened. A date whose findings all went is a pass.
 */
function splitAtCrossing(verdict, crossing) {
    const before = verdict.findings.filter((f) => f.crossing === 'before');
    if (before.length === 0)
        return { kept: verdict, beforeCrossing: [] };
    const findings = verdict.findings.filter((f) => f.crossing !== 'before');
    return {
        kept: reconcile(verdict, findings),
        beforeCrossing: before.map((finding) => ({
            finding,
            reason: `it happened at ${finding.guestTime}, before the clock crossed ${formatInstant(crossing)}`,
        })),
    };
}

;// CONCATENATED MODULE: ./src/verdict/services.ts
/**
 * init: systemd. What happened to the guest's services once the clock moved, read from the
 * console: systemd logs to the kernel's ring buffer, so each of its lines (and every line a
 * service sent to kmsg) carries the seconds since boot, and the harness said how many had
 * passed when it set the clock. The units that had failed before that are not Year-2038
 * failures. Pure.
 */


/** `[   99.833659] systemd-journald[194]: message` */
const KMSG_LINE = /^\[\s*(\d+\.\d+)\] ([^\s[\]]+)\[(\d+)\]: (.*)$/;
function parseKmsgLines(console) {
    const lines = [];
    for (const raw of console.split('\n')) {
        const text = raw.replace(/\r$/, '');
        const m = KMSG_LINE.exec(text);
        if (!m)
            continue;
        lines.push({ uptime: Number(m[1]), process: m[2], pid: Number(m[3]), message: m[4], text });
    }
    return lines;
}
/**
 * The unit a line is about: PID 1's `unit: …` lines name it, and so do those of systemd's own
 * child before it execs the unit's program (named `(program)`, e.g. `(modprobe)[189]`); a
 * service's own lines are its process's.
 */
function unitOf(line) {
    if (line.pid === 1 || /^\(.+\)$/.test(line.process)) {
        const named = /^([\w@:.\\-]+\.(?:service|socket|mount|timer|target|device|path|scope|slice|swap)): /.exec(line.message);
        if (named)
            return named[1];
        if (line.pid === 1)
            return 'systemd (PID 1)';
    }
    return line.process.includes('.') ? line.process : `${line.process}.service`;
}
const MAIN_EXIT = /Main process exited, code=(exited|killed|dumped), status=(\d+)\/(\S+)/;
const FAILED_RESULT = /Failed with result '([^']+)'/;
/**
 * The units that failed after the clock moved: one finding each, at stage `services`, with
 * the unit, its Year-2038 line or its exit, and the guest time it happened at.
 */
function evaluateServices(evidence) {
    const since = evidence.base.clock === 'boot' ? 0 : (evidence.uptimeAtProbe ?? Number.POSITIVE_INFINITY);
    const timeOf = (uptime) => evidence.uptimeAtProbe !== undefined && evidence.clockAtProbe !== undefined
        ? formatInstant(new Date((evidence.clockAtProbe + (uptime - evidence.uptimeAtProbe)) * 1000))
        : undefined;
    const troubles = new Map();
    const trouble = (unit) => {
        let found = troubles.get(unit);
        if (!found)
            troubles.set(unit, (found = { lines: [] }));
        return found;
    };
    for (const line of parseKmsgLines(evidence.console)) {
        // Lines from the moment the clock was set; a little slack for the two clocks' rounding.
        if (line.uptime < since - 0.05)
            continue;
        const unit = unitOf(line);
        const hit = matchSignature(line.message, true);
        const exit = line.pid === 1 ? MAIN_EXIT.exec(line.message) : null;
        const result = line.pid === 1 ? FAILED_RESULT.exec(line.message) : null;
        const failedExit = exit && !(exit[1] === 'exited' && exit[2] === '0');
        if (!hit && !failedExit && !result)
            continue;
        const t = trouble(unit);
        t.lines.push(line);
        if (hit && !t.signature)
            t.signature = { id: hit.signature.id, match: hit.match, line };
        if (failedExit && !t.exit)
            t.exit = { code: exit[1], status: Number(exit[2]), name: exit[3], line };
        if (result && !t.result)
            t.result = { value: result[1], line };
    }
    const bootFailed = new Set(evidence.bootFailed);
    for (const unit of evidence.failedAfter)
        if (!bootFailed.has(unit) && !troubles.has(unit))
            trouble(unit);
    const findings = [];
    const services = [];
    for (const [unit, t] of troubles) {
        const first = t.signature?.line ?? t.exit?.line ?? t.result?.line ?? t.lines[0];
        const guestTime = first ? timeOf(first.uptime) : undefined;
        const exitText = t.exit ? `code=${t.exit.code}, status=${t.exit.status}/${t.exit.name}` : undefined;
        const message = first
            ? first.message
            : `${unit} is listed as failed by systemctl after the probe (no console line said why)`;
        findings.push({
            ...evidence.base,
            stage: 'services',
            program: unit,
            message: t.exit && first !== t.exit.line ? `${message} (${exitText})` : message,
            signature: t.signature
                ? { id: t.signature.id, match: t.signature.match }
                : { id: 'unit-failed', match: exitText ?? t.result?.value ?? 'failed' },
            ...(t.exit?.code === 'exited' ? { exitStatus: t.exit.status } : {}),
            ...(guestTime ? { guestTime } : {}),
            ...(t.lines.length > 0 ? { context: t.lines.slice(0, 20).map((l) => l.text) } : {}),
        });
        services.push({
            unit,
            state: 'failed',
            ...(first ? { firstLine: first.message } : {}),
            ...(guestTime ? { guestTime } : {}),
        });
    }
    for (const unit of evidence.bootFailed)
        services.push({ unit, state: 'failed-at-boot' });
    return { findings, services };
}

;// CONCATENATED MODULE: ./src/verdict/stages.ts
/**
 * The stages that run before the probe, once per boot (install the user's .debs, run their
 * setup script), judged from their records the way the probe is; and the probe's files that
 * came back from $Y2038_OUT. Pure.
 */




const SCRIPT_NAME = {
    install: 'the installation of the .debs (dpkg --install)',
    setup: 'the setup script',
};
/**
 * One stage's verdict. A failing line that does not stop the stage is a finding at the
 * stage; a stage that stops before its end (exit, set -e, a signal, a syntax error), that
 * the guest cut short, or whose records were tampered with is a failed stage.
 */
function evaluateStage(evidence) {
    const { guest, stage } = evidence;
    const base = { date: formatInstant(evidence.date), clock: evidence.clock, arch: evidence.arch, suite: evidence.suite };
    const ran = guest.clockAtProbe !== undefined;
    const clockAtStart = ran ? formatInstant(new Date(guest.clockAtProbe * 1000)) : undefined;
    const afterRollover = ran && isAfterRollover(new Date(guest.clockAtProbe * 1000));
    const script = SCRIPT_NAME[stage];
    const findings = [];
    const result = (outcome) => ({
        stage,
        ran,
        outcome,
        ...(clockAtStart ? { clockAtStart } : {}),
        findings,
    });
    const where = guest.lastCommand && stage === 'setup' ? { line: guest.lastCommand.line, command: guest.lastCommand.command } : {};
    // The stage's run was cut by the timeout only when its own records stopped.
    const cut = cutShort(guest, { script, timedOut: evidence.timedOut && !guest.complete });
    if (cut?.rung === 'tampered') {
        findings.push({
            ...base,
            stage,
            message: `the results of ${script} were tampered with: records ${cut.records.slice(0, 5).join(', ')} arrived out of sequence`,
            signature: { id: 'tampered', match: '' },
        });
        return result('tampered');
    }
    // A stage that never started (the guest stopped or timed out before it, or an earlier
    // stage failed and the guest powered off) decides nothing: the boot's verdict says why.
    if (!ran)
        return result('ok');
    for (const line of guest.lines) {
        if (stage === 'setup') {
            const finding = probeLineFinding(line, base, afterRollover, evidence.source?.[line.line - 1], 'setup');
            if (finding)
                findings.push(finding);
        }
    }
    if (cut?.rung === 'timeout') {
        findings.push({
            ...base,
            stage,
            ...where,
            message: `${script} did not finish within ${evidence.timeoutSeconds} s`,
            signature: { id: 'timeout', match: '' },
            context: lastLines(evidence.console, 25),
        });
        return result('timeout');
    }
    if (cut?.rung === 'incomplete') {
        findings.push({
            ...base,
            stage,
            ...where,
            message: `the guest stopped before ${script} finished`,
            signature: { id: 'incomplete', match: '' },
            context: lastLines(evidence.console, 25),
        });
        return result('setup-failed');
    }
    if (cut?.rung === 'stopped') {
        const said = stage === 'install' ? installComplaint(guest) : undefined;
        findings.push({
            ...base,
            stage,
            ...(cut.line !== undefined ? { line: cut.line } : where),
            ...(stage === 'install' ? { program: 'dpkg' } : {}),
            message: said ? `${script} failed: ${said}` : cut.message,
            signature: { id: 'setup-failed', match: '' },
            ...(stage === 'install' ? { context: guest.lines.flatMap((l) => l.output).slice(-30) } : {}),
        });
        return result('setup-failed');
    }
    return result('ok');
}
/** dpkg's own words for why the installation failed: its first error line. */
function installComplaint(guest) {
    const output = guest.lines.flatMap((l) => l.output).filter((l) => !isNoise(l));
    return (output.find((l) => /^dpkg: (?:error|dependency problems)/.test(l)) ??
        output.find((l) => /^dpkg(?:-deb)?: /.test(l)) ??
        output.at(-1))?.trim();
}
/**
 * A date's verdict with the stages before its probe: the first stage that failed decides
 * the outcome (the probe never ran); otherwise the stages' findings join the probe's.
 */
function withStages(stages, probe) {
    const failed = stages.find((s) => s.outcome !== 'ok');
    const stageFindings = stages.flatMap((s) => s.findings);
    if (failed)
        return { outcome: failed.outcome, findings: stageFindings };
    const verdict = probe();
    const findings = [...stageFindings, ...verdict.findings];
    return reconcile(verdict, findings);
}
/** A stage's findings restamped for another date (a stage run once before a saved guest). */
function stageForDate(stage, date) {
    return { ...stage, findings: stage.findings.map((f) => ({ ...f, date: formatInstant(date) })) };
}
/** A name from the guest that is safe to write under the host's output directory. */
function safeOutName(name) {
    if (name === '' || name.startsWith('/') || name.includes('\0') || name.includes('\\'))
        return false;
    return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}
/** The files send-out.pl sent, from its records. */
function readOutFiles(stream) {
    const files = [];
    const skipped = [];
    let current;
    let end;
    let received = 0;
    const finish = () => {
        if (current?.safe)
            files.push({ name: current.name, data: Buffer.concat(current.chunks) });
        current = undefined;
    };
    for (const event of stream.records.map(decodeRecord)) {
        switch (event?.kind) {
            case 'file':
                finish();
                current = { name: event.name, chunks: [], safe: safeOutName(event.name) };
                if (!current.safe)
                    skipped.push({ name: event.name, why: 'a name that could leave the output directory' });
                break;
            case 'data':
                current?.chunks.push(event.data);
                received += event.data.length;
                break;
            case 'skip':
                skipped.push({ name: event.name, why: event.why });
                break;
            case 'outend':
                finish();
                end = event;
                break;
        }
    }
    finish();
    const bytes = files.reduce((sum, f) => sum + f.data.length, 0);
    const sentFiles = files.length + skipped.filter((s) => s.why.startsWith('a name')).length;
    const complete = end !== undefined &&
        stream.missing.length === 0 &&
        stream.outOfOrder.length === 0 &&
        end.files === sentFiles &&
        end.bytes === received;
    return { files, skipped, bytes, filesNotSent: end?.notSent ?? 0, cut: end?.cut ?? false, complete };
}

;// CONCATENATED MODULE: ./src/verdict/judge.ts
/**
 * One date's verdict from what its boot left (and the stages' before it): the guest's report, the stages before the
 * probe, the console and how QEMU ended; with init systemd, the units that failed after the
 * clock moved; with clock cross, what failed before the crossing set aside. Pure.
 */








/** A script's records read back, every line with a Year-2038 sign kept whatever the limits. */
function readGuest(stream) {
    return buildGuestReport(stream, { ...DEFAULT_LIMITS, isSign: (line) => matchSignature(line, true) !== undefined });
}
function judgeDate(evidence) {
    const { guest, date } = evidence;
    let services;
    const verdict = withStages(evidence.stages, () => {
        const probed = evaluateBoot(evidence);
        if (evidence.init !== 'systemd' || guest.clockAtProbe === undefined)
            return probed;
        const judged = evaluateServices({
            console: evidence.console,
            base: baseOf(evidence),
            ...(guest.uptimeAtProbe !== undefined ? { uptimeAtProbe: guest.uptimeAtProbe } : {}),
            clockAtProbe: guest.clockAtProbe,
            bootFailed: guest.bootFailedUnits ?? [],
            failedAfter: evidence.failedAfter,
        });
        services = judged.services;
        const serviceFindings = judged.findings.map((f) => (evidence.crossing ? sideOfCrossing(f, date) : f));
        return reconcile(probed, [...probed.findings, ...serviceFindings]);
    });
    const { kept, beforeCrossing } = splitAtCrossing(verdict, date);
    return { verdict: kept, ignored: beforeCrossing, ...(services ? { services } : {}) };
}
/** The verdicts of the stages that ran before the job, from a boot's results (each stage's records under its token). */
function judgeStages(data, tokens, context) {
    const { setupSource, ...shared } = context;
    return STAGES.filter((name) => tokens[name] !== undefined).map((stage) => evaluateStage({
        ...shared,
        stage,
        guest: readGuest(parseRecords(data, tokens[stage])),
        ...(stage === 'setup' && setupSource ? { source: setupSource } : {}),
    }));
}
/** The part of the stages' context that is the run's options (and the setup script's text). */
function runStagesContext(options, setupText) {
    const { clock, arch, suite, timeoutSeconds } = options;
    return {
        clock,
        arch,
        suite,
        timeoutSeconds,
        ...(setupText !== undefined ? { setupSource: setupText.split('\n') } : {}),
    };
}
function baseOf(evidence) {
    return { date: formatInstant(evidence.date), clock: evidence.clock, arch: evidence.arch, suite: evidence.suite };
}

;// CONCATENATED MODULE: ./src/image/payload.ts
/**
 * What a store entry carries, as plain files this user owns (a kernel and its initramfs; a
 * root filesystem image whose filesystem holds the owners, modes and device nodes), with
 * each file's digest in the manifest. A copy restored from elsewhere is checked against it.
 */




/** A restored entry that does not match what was saved. */
class CorruptImageError extends Error {
    constructor(message) {
        super(message);
        this.name = 'CorruptImageError';
    }
}
async function sha256File(file) {
    const hash = (0,external_node_crypto_namespaceObject.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_namespaceObject.createReadStream)(file))
        hash.update(chunk);
    return hash.digest('hex');
}
/** Names a payload file may have: plain names inside the entry directory. */
function isPayloadName(name) {
    return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name);
}
async function describePayload(dir, names) {
    const files = [];
    for (const name of [...names].sort()) {
        if (!isPayloadName(name))
            throw new Error(`not a payload file name: ${name}`);
        const file = external_node_path_default().join(dir, name);
        const info = await (0,promises_namespaceObject.lstat)(file);
        if (!info.isFile())
            throw new Error(`${file} is not a regular file`);
        files.push({ name, sha256: await sha256File(file), bytes: info.size });
    }
    return files;
}
/** One digest of a payload's names and contents: two entries with the same one carry the same bytes. */
function payloadDigest(payload) {
    const hash = (0,external_node_crypto_namespaceObject.createHash)('sha256');
    for (const file of [...payload].sort((a, b) => a.name.localeCompare(b.name)))
        hash.update(`${file.name}\0${file.sha256}\0`);
    return hash.digest('hex');
}
/** Checks the files in `dir` against the payload a manifest lists; throws CorruptImageError. */
async function verifyPayload(what, dir, payload) {
    if (!Array.isArray(payload) || payload.length === 0) {
        throw new CorruptImageError(`${what} lists no files to check it against`);
    }
    for (const expected of payload) {
        if (!isPayloadName(expected.name))
            throw new CorruptImageError(`${what} lists a bad file name: ${expected.name}`);
        const file = path.join(dir, expected.name);
        const info = await lstat(file).catch(() => undefined);
        if (!info?.isFile())
            throw new CorruptImageError(`${what} lacks ${expected.name}`);
        if (info.size !== expected.bytes) {
            throw new CorruptImageError(`${what}: ${expected.name} is ${info.size} bytes, not ${expected.bytes}: incomplete`);
        }
        if ((await sha256File(file)) !== expected.sha256) {
            throw new CorruptImageError(`${what}: ${expected.name} does not match its digest`);
        }
    }
}

;// CONCATENATED MODULE: ./src/guest/harness.ts
/**
 * The guest side of the harness, as the host prepares it: a read-only disk for the run with
 * the init script, the probe runner, the helpers and the run's config, and a disk of the
 * probe's own.
 */







// Literal URLs, so that ncc finds the files and copies them next to the bundle.
const GUEST_SCRIPTS = {
    'init.sh': () => (0,external_node_fs_namespaceObject.readFileSync)(__nccwpck_require__.ab + "init.sh", 'utf8'),
    'session.sh': () => (0,external_node_fs_namespaceObject.readFileSync)(__nccwpck_require__.ab + "session.sh", 'utf8'),
    'frame.pl': () => (0,external_node_fs_namespaceObject.readFileSync)(__nccwpck_require__.ab + "frame.pl", 'utf8'),
    'run-script.pl': () => (0,external_node_fs_namespaceObject.readFileSync)(__nccwpck_require__.ab + "run-script.pl", 'utf8'),
    'run-probe.bash': () => (0,external_node_fs_namespaceObject.readFileSync)(__nccwpck_require__.ab + "run-probe.bash", 'utf8'),
    'lib.bash': () => (0,external_node_fs_namespaceObject.readFileSync)(__nccwpck_require__.ab + "lib.bash", 'utf8'),
    'send-out.pl': () => (0,external_node_fs_namespaceObject.readFileSync)(__nccwpck_require__.ab + "send-out.pl", 'utf8'),
    'records.pl': () => (0,external_node_fs_namespaceObject.readFileSync)(__nccwpck_require__.ab + "records.pl", 'utf8'),
    'sys.pl': () => (0,external_node_fs_namespaceObject.readFileSync)(__nccwpck_require__.ab + "sys.pl", 'utf8'),
};
function builtinProbe() {
    return (0,external_node_fs_namespaceObject.readFileSync)(__nccwpck_require__.ab + "builtin-probe.sh", 'utf8');
}
/** The probe's text as the guest runs it. */
function probeText(probe) {
    switch (probe.kind) {
        case 'builtin':
            return builtinProbe();
        case 'inline':
            return probe.script.endsWith('\n') ? probe.script : `${probe.script}\n`;
        case 'file':
            return (0,external_node_fs_namespaceObject.readFileSync)(probe.path, 'utf8');
    }
}
/** The setup script's text as the guest runs it. */
function setupText(setup) {
    if (setup.kind === 'file')
        return (0,external_node_fs_namespaceObject.readFileSync)(setup.path, 'utf8');
    return setup.script.endsWith('\n') ? setup.script : `${setup.script}\n`;
}
/** The name a .deb gets on the harness disk: its order first, so that names never clash. */
function guestDebName(index, file) {
    const base = external_node_path_default().basename(file.path).replace(/[^A-Za-z0-9_.+~-]/g, '_');
    return `${String(index + 1).padStart(2, '0')}-${base}`;
}
/**
 * The install stage: dpkg installs every .deb at once (they may depend on each other); their
 * dependencies from the mirror are in the root filesystem already. set -e: a failure ends it.
 */
function installScript(debs) {
    const paths = debs.map((deb, i) => `${GUEST_HARNESS_DIR}/debs/${guestDebName(i, deb)}`);
    return `set -e\ndpkg --install ${paths.join(' ')}\n`;
}
/**
 * Writes the harness disk's files into `dir`: the guest scripts, the run's config, and when
 * the run has them the .debs with their install stage and the setup script. Nothing of the
 * probe: a guest saved after its boot is the same whatever probe it runs.
 */
async function writeHarness(dir, contents) {
    const { config, debs = [], setup } = contents;
    await (0,promises_namespaceObject.mkdir)(dir, { recursive: true });
    for (const [name, read] of Object.entries(GUEST_SCRIPTS))
        await (0,promises_namespaceObject.writeFile)(external_node_path_default().join(dir, name), read());
    if (debs.length > 0) {
        await (0,promises_namespaceObject.mkdir)(external_node_path_default().join(dir, 'debs'));
        for (const [i, deb] of debs.entries())
            await (0,promises_namespaceObject.copyFile)(deb.path, external_node_path_default().join(dir, 'debs', guestDebName(i, deb)));
        await (0,promises_namespaceObject.writeFile)(external_node_path_default().join(dir, 'install.sh'), installScript(debs));
    }
    if (setup)
        await (0,promises_namespaceObject.writeFile)(external_node_path_default().join(dir, 'setup.sh'), setupText(setup));
    await (0,promises_namespaceObject.writeFile)(external_node_path_default().join(dir, 'config'), runConfigText(config));
    await (0,promises_namespaceObject.mkdir)(external_node_path_default().join(dir, 'scripts'));
}
/**
 * Writes the probe's disk's files into `dir`: the probe, and the FIFO bash reads it from
 * (scripts/probe.sh, made by the caller: see scriptFifos).
 */
async function writeProbeDisk(dir, probe) {
    await (0,promises_namespaceObject.mkdir)(external_node_path_default().join(dir, 'scripts'), { recursive: true });
    if (probe.kind === 'file')
        await (0,promises_namespaceObject.copyFile)(probe.path, external_node_path_default().join(dir, 'probe.sh'));
    else
        await (0,promises_namespaceObject.writeFile)(external_node_path_default().join(dir, 'probe.sh'), probeText(probe));
}
/**
 * The probe's disk is padded to this size (a sparse file), whatever the probe's: a saved
 * guest knows its disks' sizes from its boot, so the disk it is started with must have the
 * same one. A probe is at most MAX_SCRIPT_BYTES (1 MiB); a disk larger than this all the
 * same is rounded up to the next MiB.
 */
const PROBE_DISK_BYTES = 4 * 2 ** 20;
function probeDiskBytes(imageBytes) {
    return Math.max(PROBE_DISK_BYTES, Math.ceil(imageBytes / 2 ** 20) * 2 ** 20);
}
/**
 * The FIFOs bash reads each session's script from (run-script.pl feeds them), one per
 * session: the probe's in `probeDir`/scripts, the stages' in `dir`/scripts. Made on the host:
 * on a read-only disk their times stay the host's, so a 32-bit bash can fstat() them after
 * the rollover.
 */
function scriptFifos(dir, probeDir, contents) {
    const stages = [...(contents.debs?.length ? ['install'] : []), ...(contents.setup ? ['setup'] : [])];
    return [
        external_node_path_default().join(probeDir, 'scripts', 'probe.sh'),
        ...stages.map((session) => external_node_path_default().join(dir, 'scripts', `${session}.sh`)),
    ];
}
/**
 * mkfs.erofs for the harness disk and the probe's disk, run as this user: every file owned
 * by root, and every time the host's clock now, so that a 32-bit program in a guest past the
 * rollover can still stat() them (a file made in that guest could not be).
 */
function harnessImageArgs(dir, image, epoch) {
    return ['--quiet', '--all-root', `-T${epoch}`, image, dir];
}
/**
 * mkfs.erofs for the user's workdir, run as this user: every file owned by root (as the
 * guest's root runs setup and probe), modes and times as they are in the checkout.
 */
function workdirImageArgs(dir, image) {
    return ['--quiet', '--all-root', image, dir];
}
/**
 * The digest of what the harness disk holds, but for the stage tokens (new each run): the
 * guest scripts, the config, the .debs and the setup script.
 */
async function harnessDigest(contents) {
    const hash = (0,external_node_crypto_namespaceObject.createHash)('sha256');
    for (const [name, read] of Object.entries(GUEST_SCRIPTS))
        hash.update(`${name}\n${read()}\n`);
    const stages = contents.config.stages ?? {};
    const blank = Object.fromEntries(Object.keys(stages).map((stage) => [stage, '0']));
    hash.update(runConfigText({ ...contents.config, stages: blank }));
    for (const [i, deb] of (contents.debs ?? []).entries())
        hash.update(`deb ${guestDebName(i, deb)} ${await sha256File(deb.path)}\n`);
    if (contents.setup)
        hash.update(`setup\n${setupText(contents.setup)}`);
    if (contents.runtimeDigest)
        hash.update(`runtime ${contents.runtimeDigest}\n`);
    return hash.digest('hex');
}

;// CONCATENATED MODULE: ./src/image/tree-digest.ts
/**
 * The digest of a directory tree as a guest sees it once it is a disk: every entry's path,
 * type and mode, a file's bytes, a link's target. Two trees with the same digest make disks a
 * guest cannot tell apart, whatever their times.
 */




async function treeDigest(dir) {
    const hash = (0,external_node_crypto_namespaceObject.createHash)('sha256');
    const walk = async (relative) => {
        const names = (await (0,promises_namespaceObject.readdir)(external_node_path_default().join(dir, relative))).sort();
        for (const name of names) {
            const entry = relative ? `${relative}/${name}` : name;
            const file = external_node_path_default().join(dir, entry);
            const stat = await (0,promises_namespaceObject.lstat)(file);
            const mode = (stat.mode & 0o7777).toString(8);
            if (stat.isDirectory()) {
                hash.update(`d ${mode} ${JSON.stringify(entry)}\n`);
                await walk(entry);
            }
            else if (stat.isFile()) {
                hash.update(`f ${mode} ${JSON.stringify(entry)} ${stat.size} ${await sha256File(file)}\n`);
            }
            else if (stat.isSymbolicLink()) {
                hash.update(`l ${JSON.stringify(entry)} ${JSON.stringify(await (0,promises_namespaceObject.readlink)(file))}\n`);
            }
            else {
                hash.update(`${stat.isFIFO() ? 'p' : 'o'} ${mode} ${JSON.stringify(entry)}\n`);
            }
        }
    };
    await walk('');
    return hash.digest('hex');
}

;// CONCATENATED MODULE: ./src/image/in-root.ts
/**
 * Paths inside a root filesystem tree on the host (an unpacked system, extracted packages):
 * its links are the tree's own, so an absolute one leads inside the tree, never to the host's
 * file of that name.
 */


/** The host path of `name` inside the tree at `root`, every link on the way followed inside it; undefined when it is not there. */
async function resolveInRoot(root, name) {
    let guest = external_node_path_default().posix.normalize(`/${name}`);
    for (let hops = 0; hops < 40; hops++) {
        const parts = guest.split('/').filter(Boolean);
        let walked = '/';
        for (const [i, part] of parts.entries()) {
            const next = external_node_path_default().posix.join(walked, part);
            const info = await (0,promises_namespaceObject.lstat)(external_node_path_default().join(root, next)).catch(() => undefined);
            if (!info)
                return undefined;
            if (info.isSymbolicLink()) {
                const target = await (0,promises_namespaceObject.readlink)(external_node_path_default().join(root, next));
                const base = target.startsWith('/') ? target : external_node_path_default().posix.join(walked, target);
                guest = external_node_path_default().posix.normalize(`/${[base, ...parts.slice(i + 1)].join('/')}`);
                break;
            }
            walked = next;
            if (i === parts.length - 1)
                return external_node_path_default().join(root, walked);
        }
        if (parts.length === 0)
            return root;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/image/runtime.ts
/**
 * The harness's own programs, for a userland the tool did not build (an OCI image, a root
 * filesystem tarball), which may have no bash, no perl and a shell or `date` with a 32-bit
 * time_t: a static busybox (PID 1's shell and the harness's tools), a static bash (runs the
 * probe), Perl with its base modules (the framer, the script runner, the files that come
 * back) and GNU date (the clock step and its readings: 64-bit time on every architecture).
 *
 * They come from Debian's archive for the guest's architecture, extracted, not installed:
 * nothing runs under emulation. The dynamic ones are relinked (patchelf) to their own C
 * library at the place the harness disk has them in the guest, so that they need nothing of
 * the system's. The tree is stored as one tar and put on each run's harness disk.
 */








/** The suite the runtime comes from, whatever the system is. */
const RUNTIME_SUITE = 'bookworm';
const RUNTIME_PACKAGES = ['bash-static', 'busybox-static', 'coreutils', 'perl-base'];
const RUNTIME_TAR = 'runtime.tar';
/**
 * The busybox applets the harness runs (init.sh, session.sh) besides its shell: each is a link
 * in the runtime's bin, which comes first on the harness's PATH (and is not on the probe's).
 */
const RUNTIME_APPLETS = [
    'blockdev',
    'cat',
    'chmod',
    'find',
    'grep',
    'head',
    'ln',
    'ls',
    'mkdir',
    'mkfifo',
    'modprobe',
    'mount',
    'mountpoint',
    'od',
    'sh',
    'sleep',
    'timeout',
    'tr',
    'uname',
];
function runtimeRecipe(arch, mirror) {
    return {
        kind: 'runtime',
        version: RUNTIME_RECIPE_VERSION,
        arch,
        suite: RUNTIME_SUITE,
        packages: [...RUNTIME_PACKAGES],
        guestDir: GUEST_RUNTIME_DIR,
        mirror,
    };
}
/** mmdebstrap that only extracts the packages and their dependencies: no maintainer script runs. */
function runtimeBuildArgs(recipe, dir, keyring) {
    return [
        '--mode=root',
        '--variant=extract',
        `--architectures=${recipe.arch}`,
        '--format=directory',
        ...(keyring ? [`--keyring=${keyring}`] : []),
        `--include=${recipe.packages.join(',')}`,
        recipe.suite,
        dir,
        sourcesLine(recipe.mirror, recipe.suite),
    ];
}
/** patchelf's arguments that make `file` load its libraries from `libDir` with `interpreter` (for a program). */
function relinkArgs(file, libDir, interpreter) {
    return [...(interpreter ? ['--set-interpreter', interpreter] : []), '--force-rpath', '--set-rpath', libDir, file];
}
async function run(runner, program, args, what) {
    const result = await runner.run(program, args, { maxCapture: 64 * 1024 });
    if (result.code !== 0)
        throw new ToolError(`${what}: ${lastLine(result.stderr || result.stdout)}`);
    return result.stdout;
}
/** The file `name` is in the extracted tree, links followed inside it. */
async function inTree(root, name) {
    const found = await resolveInRoot(root, name);
    if (!found)
        throw new ToolError(`the harness runtime: the packages have no ${name}`);
    return found;
}
/** The library directories of the extracted tree (the multiarch ones, where libc.so.6 is). */
async function libraryDirs(root) {
    const dirs = [];
    for (const base of ['lib', 'usr/lib']) {
        for (const entry of await (0,promises_namespaceObject.readdir)(external_node_path_default().join(root, base)).catch(() => [])) {
            if (entry.includes('-linux-'))
                dirs.push(external_node_path_default().join(base, entry));
        }
        dirs.push(base);
    }
    return dirs;
}
/** Copies into `libOut` every library `program` needs, found in the tree, and theirs. */
async function copyLibraries(root, libDirs, program, libOut, runner, done) {
    const needed = (await run(runner, 'patchelf', ['--print-needed', program], 'patchelf')).split('\n').filter(Boolean);
    for (const soname of needed) {
        if (done.has(soname))
            continue;
        done.add(soname);
        let found;
        for (const dir of libDirs) {
            found = await resolveInRoot(root, external_node_path_default().join(dir, soname));
            if (found)
                break;
        }
        if (!found)
            throw new ToolError(`the harness runtime: ${soname}, which ${external_node_path_default().basename(program)} needs, is not in the packages`);
        const out = external_node_path_default().join(libOut, soname);
        await (0,promises_namespaceObject.copyFile)(found, out);
        await copyLibraries(root, libDirs, out, libOut, runner, done);
    }
}
/**
 * Assembles the runtime from the extracted packages at `root` into `out`:
 * bin/ (busybox and its applets, bash, date, perl), lib/ (the loader and libraries), perl/
 * (Perl's base modules, which the harness names with -I).
 */
async function assembleRuntime(root, out, runner) {
    const bin = external_node_path_default().join(out, 'bin');
    const lib = external_node_path_default().join(out, 'lib');
    await (0,promises_namespaceObject.mkdir)(bin, { recursive: true });
    await (0,promises_namespaceObject.mkdir)(lib);
    await (0,promises_namespaceObject.copyFile)(await inTree(root, 'bin/busybox'), external_node_path_default().join(bin, 'busybox'));
    for (const applet of RUNTIME_APPLETS)
        await (0,promises_namespaceObject.symlink)('busybox', external_node_path_default().join(bin, applet));
    await (0,promises_namespaceObject.copyFile)(await inTree(root, 'bin/bash-static'), external_node_path_default().join(bin, 'bash'));
    await (0,promises_namespaceObject.copyFile)(await inTree(root, 'usr/bin/perl'), external_node_path_default().join(bin, 'perl'));
    await (0,promises_namespaceObject.copyFile)(await inTree(root, 'bin/date'), external_node_path_default().join(bin, 'date'));
    const libDirs = await libraryDirs(root);
    const perlBase = libDirs.map((dir) => external_node_path_default().join(root, dir, 'perl-base'));
    const modules = await firstExisting(perlBase);
    if (!modules)
        throw new ToolError('the harness runtime: perl-base has no module directory');
    await (0,promises_namespaceObject.cp)(modules, external_node_path_default().join(out, 'perl'), { recursive: true, verbatimSymlinks: true });
    const interpreter = (await run(runner, 'patchelf', ['--print-interpreter', external_node_path_default().join(bin, 'perl')], 'patchelf')).trim();
    const loader = external_node_path_default().basename(interpreter);
    await (0,promises_namespaceObject.copyFile)(await inTree(root, interpreter), external_node_path_default().join(lib, loader));
    const done = new Set([loader]);
    const guestLib = `${GUEST_RUNTIME_DIR}/lib`;
    const dynamic = [external_node_path_default().join(bin, 'perl'), external_node_path_default().join(bin, 'date')];
    for (const program of dynamic)
        await copyLibraries(root, libDirs, program, lib, runner, done);
    for (const program of dynamic) {
        await run(runner, 'patchelf', relinkArgs(program, guestLib, `${guestLib}/${loader}`), 'patchelf');
    }
    const libraries = (await (0,promises_namespaceObject.readdir)(lib)).filter((name) => name !== loader).map((name) => external_node_path_default().join(lib, name));
    for (const file of [...libraries, ...(await sharedObjects(external_node_path_default().join(out, 'perl')))]) {
        await run(runner, 'patchelf', relinkArgs(file, guestLib), 'patchelf');
    }
    for (const name of await (0,promises_namespaceObject.readdir)(bin)) {
        const file = external_node_path_default().join(bin, name);
        if (!(await (0,promises_namespaceObject.lstat)(file)).isSymbolicLink())
            await (0,promises_namespaceObject.chmod)(file, 0o755);
    }
    for (const name of await (0,promises_namespaceObject.readdir)(lib))
        await (0,promises_namespaceObject.chmod)(external_node_path_default().join(lib, name), 0o755);
}
async function firstExisting(candidates) {
    for (const candidate of candidates) {
        if (await (0,promises_namespaceObject.lstat)(candidate).then((s) => s.isDirectory(), () => false))
            return candidate;
    }
    return undefined;
}
async function sharedObjects(dir) {
    const found = [];
    for (const entry of await (0,promises_namespaceObject.readdir)(dir, { withFileTypes: true, recursive: true })) {
        if (entry.isFile() && entry.name.endsWith('.so'))
            found.push(external_node_path_default().join(entry.parentPath, entry.name));
    }
    return found;
}
/** The runtime for `recipe` from the store or the restorer, else extracted and assembled now. */
async function ensureRuntime(store, recipe, runner, log, keyring, restore, beforeBuild) {
    const key = recipeKey(recipe);
    const existing = await findOrRestore(store, 'runtime', key, restore);
    if (existing)
        return existing;
    await beforeBuild?.();
    log.info(`Extracting the harness's own programs for ${recipe.arch} (${recipe.packages.join(', ')}) from ${recipe.suite}`);
    const image = await store.build(key, recipe, async (workDir) => {
        const extracted = external_node_path_default().join(workDir, 'extracted');
        const result = await runner.run('mmdebstrap', runtimeBuildArgs(recipe, extracted, keyring), {
            privileged: true,
            env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
            maxCapture: 256 * 1024,
        });
        if (result.code !== 0) {
            throw new ToolError(`mmdebstrap could not extract the harness runtime: ${lastLine(result.stderr || result.stdout)}`);
        }
        await runner.run('chown', ['-R', '-h', `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`, extracted], {
            privileged: true,
        });
        const tree = external_node_path_default().join(workDir, 'runtime');
        await assembleRuntime(extracted, tree, runner);
        await store.removeTree(extracted);
        await run(runner, 'tar', ['--create', '--file', external_node_path_default().join(workDir, RUNTIME_TAR), '--directory', tree, '.'], 'tar');
        await store.removeTree(tree);
        return { details: { tar: RUNTIME_TAR }, files: [RUNTIME_TAR] };
    });
    return { image, source: 'built' };
}
/** What the runtime holds, as its tar's digest (part of the harness disk's). */
function runtimeDigest(runtime) {
    const tar = runtime.image.manifest.payload.find((file) => file.name === runtime.image.manifest.details.tar);
    if (!tar)
        throw new ToolError(`the harness runtime ${runtime.image.key} lists no ${runtime.image.manifest.details.tar}`);
    return tar.sha256;
}
/** Unpacks the runtime into `dir` (on the harness disk as GUEST_RUNTIME_DIR). */
async function unpackRuntime(runtime, dir, runner) {
    await (0,promises_namespaceObject.mkdir)(dir, { recursive: true });
    const tar = external_node_path_default().join(runtime.image.dir, runtime.image.manifest.details.tar);
    await run(runner, 'tar', ['--extract', '--file', tar, '--directory', dir], 'tar');
}

;// CONCATENATED MODULE: ./src/guest/run-session.ts
/**
 * What the boots of one run share: a private temporary directory with the harness disk (an
 * erofs image of the guest scripts, the probe, the config, the .debs and the setup script),
 * the user's workdir as a disk, the sockets, and the saved guest once there is one; and the
 * QEMU spec of one boot from them.
 */












/**
 * Makes the run's disks: the harness (with the harness's own programs, `runtime`, for the
 * user's own system), and the user's workdir when there is one.
 */
async function startRunSession(options, runner, runtime) {
    const tmpDir = await (0,promises_namespaceObject.mkdtemp)(external_node_path_default().join(external_node_os_default().tmpdir(), 'y2038-run-'));
    const forget = onInterrupt(() => (0,external_node_fs_namespaceObject.rmSync)(tmpDir, { recursive: true, force: true }));
    const close = async () => {
        forget();
        await (0,promises_namespaceObject.rm)(tmpDir, { recursive: true, force: true });
    };
    try {
        const files = external_node_path_default().join(tmpDir, 'harness');
        const probeFiles = external_node_path_default().join(tmpDir, 'probe');
        const stages = stageTokens({ debs: options.debs.length > 0, setup: options.setup !== undefined });
        await writeProbeDisk(probeFiles, options.probe);
        const contents = {
            config: {
                clock: options.clock,
                arch: options.arch,
                suite: options.suite,
                workdir: options.workdir !== undefined,
                stages,
                init: options.init,
                systemdTarget: options.systemdTarget,
                ...(runtime ? { runtime: true } : {}),
            },
            ...(runtime ? { runtimeDigest: runtimeDigest(runtime) } : {}),
            debs: options.debs,
            ...(options.setup ? { setup: options.setup } : {}),
        };
        await writeHarness(files, contents);
        if (runtime)
            await unpackRuntime(runtime, external_node_path_default().join(files, RUNTIME_SUBDIR), runner);
        const fifos = await runner.run('mkfifo', [
            '-m',
            '600',
            ...scriptFifos(files, probeFiles, { debs: options.debs, setup: options.setup }),
        ]);
        if (fifos.code !== 0)
            throw new ToolError(`mkfifo could not make the harness's script pipes: ${lastLine(fifos.stderr)}`);
        const harnessImage = external_node_path_default().join(tmpDir, 'harness.erofs');
        const epoch = Math.floor(Date.now() / 1000);
        const made = await runner.run('mkfs.erofs', harnessImageArgs(files, harnessImage, epoch));
        if (made.code !== 0)
            throw new ToolError(`mkfs.erofs could not make the harness disk: ${lastLine(made.stderr || made.stdout)}`);
        const probeImage = external_node_path_default().join(tmpDir, 'probe.erofs');
        const probeMade = await runner.run('mkfs.erofs', harnessImageArgs(probeFiles, probeImage, epoch));
        if (probeMade.code !== 0)
            throw new ToolError(`mkfs.erofs could not make the probe's disk: ${lastLine(probeMade.stderr || probeMade.stdout)}`);
        await (0,promises_namespaceObject.truncate)(probeImage, probeDiskBytes((await (0,promises_namespaceObject.stat)(probeImage)).size));
        let workdirImage;
        if (options.workdir) {
            workdirImage = external_node_path_default().join(tmpDir, 'workdir.erofs');
            const work = await runner.run('mkfs.erofs', workdirImageArgs(options.workdir.path, workdirImage));
            if (work.code !== 0) {
                throw new ToolError(`mkfs.erofs could not make a disk of workdir '${options.workdir.relativePath}': ${lastLine(work.stderr || work.stdout)}`);
            }
        }
        let sockets = 0;
        const nextJobSocket = () => external_node_path_default().join(tmpDir, `job${++sockets}.sock`);
        const nextQmpSocket = () => external_node_path_default().join(tmpDir, `qmp${++sockets}.sock`);
        return {
            tmpDir,
            harnessImage,
            probeImage,
            ...(workdirImage ? { workdirImage } : {}),
            stages,
            harnessDigest: await harnessDigest(contents),
            ...(options.workdir ? { workdirDigest: await treeDigest(options.workdir.path) } : {}),
            nextJobSocket,
            nextQmpSocket,
            close,
        };
    }
    catch (error) {
        await close();
        throw error;
    }
}
/** One boot's QEMU spec: its results and pid files in `dir`, its RTC at `rtcBase`. */
function guestSpec(images, session, dir, rtcBase, extra = {}) {
    return {
        ...images,
        harnessImage: session.harnessImage,
        probeImage: session.probeImage,
        ...(session.workdirImage ? { workdirImage: session.workdirImage } : {}),
        jobSocket: session.nextJobSocket(),
        resultsFile: external_node_path_default().join(dir, 'results.log'),
        pidFile: external_node_path_default().join(dir, 'qemu.pid'),
        rtcBase,
        ...extra,
    };
}

;// CONCATENATED MODULE: ./src/vm/qmp.ts




class QmpClient {
    socket;
    buffer = '';
    waiting = [];
    closedError;
    constructor(socket) {
        this.socket = socket;
        socket.setEncoding('utf8');
        socket.on('data', (chunk) => {
            this.buffer += chunk;
            let newline;
            while ((newline = this.buffer.indexOf('\n')) >= 0) {
                const line = this.buffer.slice(0, newline).trim();
                this.buffer = this.buffer.slice(newline + 1);
                if (line === '')
                    continue;
                const reply = JSON.parse(line);
                // Events come whenever QEMU likes; replies come in order.
                if (reply.event !== undefined)
                    continue;
                this.waiting.shift()?.(reply);
            }
        });
        const fail = (error) => {
            this.closedError = error;
            for (const resolve of this.waiting.splice(0))
                resolve({ error: { class: 'Closed', desc: error.message } });
        };
        socket.on('error', fail);
        socket.on('close', () => fail(new Error('QMP connection closed')));
    }
    /** Connects to QEMU's QMP socket (retrying while QEMU starts) and leaves capabilities negotiation done. */
    static async connect(path, timeoutMs = 20_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            try {
                const client = new QmpClient(await connectUnix(path));
                await client.next(); // the greeting
                await client.execute('qmp_capabilities');
                return client;
            }
            catch (error) {
                if (Date.now() > deadline)
                    throw error;
                // A restored guest waits for this connection: try again soon.
                await (0,external_node_timers_promises_namespaceObject.setTimeout)(10);
            }
        }
    }
    next() {
        if (this.closedError)
            return Promise.reject(this.closedError);
        return new Promise((resolve) => this.waiting.push(resolve));
    }
    async execute(command, args) {
        const reply = this.next();
        this.socket.write(`${JSON.stringify(args ? { execute: command, arguments: args } : { execute: command })}\n`);
        const answer = await reply;
        if (answer.error)
            throw new Error(`QMP ${command}: ${answer.error.desc}`);
        return answer.return;
    }
    close() {
        this.socket.destroy();
    }
}
/** Waits until the migration in either direction has completed; throws when it failed. */
async function migrationDone(qmp, what, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const state = (await qmp.execute('query-migrate'));
        if (state.status === 'completed')
            return;
        if (state.status === 'failed' || state.status === 'cancelled') {
            throw new Error(`${what} ${state.status}: ${state['error-desc'] ?? 'no reason given'}`);
        }
        if (Date.now() > deadline)
            throw new Error(`${what} did not finish in ${timeoutMs / 1000} s`);
        await (0,external_node_timers_promises_namespaceObject.setTimeout)(20);
    }
}
/**
 * Saves the guest's state into `file` (QEMU's `exec:` migration, there since long before
 * Debian bookworm's 7.2) and waits until it is complete. Disks are not in the state.
 */
async function saveGuestState(qmp, file, options = {}) {
    if (options.ignoreShared)
        await qmp.execute('migrate-set-capabilities', IGNORE_SHARED);
    await qmp.execute('migrate', { uri: `exec:cat > ${shellQuote(file)}` });
    await migrationDone(qmp, "saving the guest's state", options.timeoutMs ?? 120_000);
}
/**
 * Loads `file` into a QEMU started with `-incoming defer`. With `wait`, returns once it is
 * loaded; without, as soon as loading has begun (a guest that is not paused runs once loaded).
 */
async function loadGuestState(qmp, file, options) {
    if (options.ignoreShared)
        await qmp.execute('migrate-set-capabilities', IGNORE_SHARED);
    await qmp.execute('migrate-incoming', { uri: `exec:cat ${shellQuote(file)}` });
    if (options.wait)
        await migrationDone(qmp, "loading the guest's state", options.timeoutMs ?? 120_000);
}

;// CONCATENATED MODULE: ./src/guest/boot.ts
/**
 * One guest from QEMU's start to its end, on the guest's side of the line: its own fresh
 * directory (console, results, files), its QEMU, and what it is sent on the job port: to be
 * saved where it waits for its job, or its job. What came back is judged by the verdict.
 */






/** A fresh directory for one boot's console, results and files. */
async function freshDir(parent, name) {
    const dir = external_node_path_default().join(parent, name);
    await (0,promises_namespaceObject.rm)(dir, { recursive: true, force: true });
    await (0,promises_namespaceObject.mkdir)(dir, { recursive: true });
    return dir;
}
/** One guest in a fresh directory of its own, run to its end; `onJobPort` is what the host does on its job port. */
async function runToEnd(images, session, where, rtcBase, extra, options, runner) {
    const dir = await freshDir(where.outputDir, where.name);
    const vm = new GuestVm(guestSpec(images, session, dir, rtcBase, extra));
    const consoleLog = external_node_path_default().join(dir, 'console.log');
    const end = await runGuestToEnd(vm, runner, { ...options, consoleLog });
    return { ...end, dir, consoleLog };
}
/**
 * Boots at `bootDate` to where the harness waits for its job (after the stages) and saves
 * the guest's state into `state` through QMP. `bytes`: the size of the state, 0 when none was written.
 */
async function bootAndSave(images, session, where, bootDate, state, options, runner) {
    const qmpSocket = external_node_path_default().join(session.tmpDir, 'qmp.sock');
    const end = await runToEnd(images, session, where, bootDate, { qmpSocket }, {
        ...options,
        onJobPort: async (port) => {
            await port.ready();
            const qmp = await QmpClient.connect(qmpSocket);
            try {
                await saveGuestState(qmp, state);
                await qmp.execute('quit').catch(() => undefined);
            }
            finally {
                qmp.close();
            }
        },
    }, runner);
    const bytes = await (0,promises_namespaceObject.stat)(state).then((s) => s.size, () => 0);
    return { ...end, bytes };
}
/** The QEMU spec of a guest restored from `from`, and the QMP socket a mapped one is loaded over. */
function restoreSpec(from, session) {
    if ('stream' in from)
        return { incoming: { state: from.stream, deferred: false } };
    const { ram, devices, readOnlyOpen } = from.mapped;
    return {
        incoming: { state: devices, deferred: true },
        ram: { path: ram, use: 'clone', readOnlyOpen },
        qmpSocket: session.nextQmpSocket(),
    };
}
/** Loads a state into a QEMU started with `-incoming defer`, over its QMP socket. */
async function loadOverQmp(qmpSocket, state, options) {
    const qmp = await QmpClient.connect(qmpSocket);
    try {
        await loadGuestState(qmp, state, options);
        return qmp;
    }
    catch (error) {
        qmp.close();
        throw error;
    }
}
/**
 * Makes the RAM file of a saved guest (vm/ram-file.ts): a QEMU, paused, with its RAM in a
 * shared mapping of `mapped.ram`, loads the whole saved `stream`, then saves its device state
 * alone into `mapped.devices`. Its devices are those of every guest of the run, or the state
 * would not load into them. Throws when any of it fails.
 */
async function mapSavedGuest(images, session, stream, bootDate, mapped, options, runner) {
    await Promise.all([(0,promises_namespaceObject.rm)(mapped.ram, { force: true }), (0,promises_namespaceObject.rm)(mapped.devices, { force: true })]);
    const qmpSocket = session.nextQmpSocket();
    const end = await runToEnd(images, session, { outputDir: session.tmpDir, name: 'ram-template' }, bootDate, {
        qmpSocket,
        ram: { path: mapped.ram, use: 'template', readOnlyOpen: mapped.readOnlyOpen },
        incoming: { state: stream, deferred: true },
        paused: true,
    }, {
        ...options,
        onJobPort: async () => {
            // The whole state, saved without the capability.
            const qmp = await loadOverQmp(qmpSocket, stream, { ignoreShared: false, wait: true });
            try {
                await saveGuestState(qmp, mapped.devices, { ignoreShared: true });
                await qmp.execute('quit').catch(() => undefined);
            }
            finally {
                qmp.close();
            }
        },
    }, runner);
    const { run } = end;
    if (run.jobError)
        throw new Error(qemuComplaint(run) ?? run.jobError.message);
    if (run.timedOut)
        throw new Error(`it did not finish in ${options.timeoutSeconds} s`);
    const bytes = await (0,promises_namespaceObject.stat)(mapped.devices).then((s) => s.size, () => 0);
    if (bytes === 0)
        throw new Error('no device state was written');
}
/**
 * Runs `job` in a guest: restored from `from` (started with its RTC at `rtcBase`, the boot
 * date it was saved at), or booted at `rtcBase`.
 */
function runJob(images, session, where, rtcBase, job, from, options, runner) {
    const extra = from ? restoreSpec(from, session) : {};
    return runToEnd(images, session, where, rtcBase, extra, {
        ...options,
        // A booted guest takes its job once it says it is ready (data sent to a port before the
        // guest opens it is lost); a restored one said so before it was saved.
        onJobPort: async (port) => {
            if (!from)
                await port.ready();
            if (extra.incoming?.deferred) {
                const qmp = await loadOverQmp(extra.qmpSocket, extra.incoming.state, { ignoreShared: true, wait: false });
                qmp.close();
            }
            port.send(jobLine(job));
        },
    }, runner);
}

;// CONCATENATED MODULE: ./src/guest/saved-guest.ts
/**
 * The saved guest kept across runs: a guest booted to where it waits for its job, with the
 * harness disk and the workdir disk it has mounted, in the image store under a key of
 * everything that makes that state. A later run with the same key starts its dates from it
 * and boots nothing. The probe is not part of it: it is on a disk of its own that the guest
 * mounts only once its job has come.
 */







/** Kept guests beyond this many, the oldest first, are removed when another is kept. */
const MAX_KEPT_GUESTS = 6;
const STATE = 'guest.state';
const HARNESS = 'harness.erofs';
const WORKDIR = 'workdir.erofs';
/** `qemu-system-i386 --version`'s first line; under KVM also the host's CPU model. */
async function qemuIdentity(images, runner) {
    const first = await qemuVersion(images.machine.qemuBinary, runner);
    if (images.accel !== 'kvm')
        return first;
    const cpuinfo = await (0,promises_namespaceObject.readFile)('/proc/cpuinfo', 'utf8').catch(() => '');
    const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? 'unknown CPU';
    return `${first}; host CPU ${model}`;
}
/** An image as a kept guest's key holds it: its store key and a digest of its files. */
function imageIdentity(image) {
    return `${image.key}@${payloadDigest(image.manifest.payload ?? []).slice(0, 16)}`;
}
/** The boot date of a guest saved at the host's clock: not in its key, or no later run would find it. */
const HOST_CLOCK_BOOT = 'host-clock';
/**
 * The boot date a kept guest is keyed by. A run whose earliest date is `auto`'s control boots
 * at the host's clock, another second in every run: its guest is keyed as HOST_CLOCK_BOOT, and
 * a later run may start from it when it was booted no later than that run's own boot date
 * (startsInTime). Any other boot date is in the key as it is.
 */
function savedGuestBootKey(options, bootDate) {
    const { control } = options;
    if (options.controlIsHostClock && control) {
        const mode = options.clock === 'cross' ? 'cross' : 'step';
        if (bootDateFor(control, mode, options.crossMarginSeconds).getTime() === bootDate.getTime())
            return HOST_CLOCK_BOOT;
    }
    return formatInstant(bootDate);
}
/** A kept guest's clock only ever moves forward: it may serve a run that boots no earlier than it did. */
function startsInTime(stored, bootDate) {
    return new Date(stored.manifest.details.bootDate).getTime() <= bootDate.getTime();
}
function savedGuestRecipe(options, images, session, qemu, bootKey) {
    return {
        kind: 'saved-guest',
        version: SAVED_GUEST_RECIPE_VERSION,
        arch: options.arch,
        suite: options.suite,
        harnessVersion: HARNESS_VERSION,
        qemu,
        machine: images.machine.machineArgs,
        memoryMiB: images.machine.memoryMiB,
        accel: images.accel,
        kernel: images.kernelKey,
        userland: images.userlandKey,
        bootDate: bootKey,
        harness: session.harnessDigest,
        ...(session.workdirDigest !== undefined ? { workdir: session.workdirDigest } : {}),
    };
}
/** The stored guest for `recipe`, if there is one. */
async function findSavedGuest(store, recipe) {
    return store.find(recipeKey(recipe));
}
/**
 * Starts the run's dates from a stored guest: its state, and the disks it was saved with (a
 * guest that boots from them answers with their stage tokens). leaveSavedGuest goes back.
 */
function adoptSavedGuest(session, stored) {
    const { details } = stored.manifest;
    session.own = {
        harnessImage: session.harnessImage,
        ...(session.workdirImage ? { workdirImage: session.workdirImage } : {}),
        stages: session.stages,
    };
    session.harnessImage = external_node_path_default().join(stored.dir, HARNESS);
    if (details.workdir)
        session.workdirImage = external_node_path_default().join(stored.dir, WORKDIR);
    session.stages = details.stageTokens;
    return {
        state: external_node_path_default().join(stored.dir, STATE),
        bootDate: new Date(details.bootDate),
        bytes: details.bytes,
        stages: details.stages,
        storeKey: stored.key,
    };
}
/**
 * A stored guest that did not start: the run's own disks again for the boots to come, and
 * the entry to discard once no guest of the run may still be reading it.
 */
function leaveSavedGuest(session, storeKey) {
    if (session.own) {
        session.harnessImage = session.own.harnessImage;
        if (session.own.workdirImage)
            session.workdirImage = session.own.workdirImage;
        session.stages = session.own.stages;
        session.own = undefined;
    }
    session.discardKept = storeKey;
}
/** Keeps a guest just saved, with the run's harness and workdir disks, for later runs. */
async function keepSavedGuest(store, recipe, session, snapshot, runner) {
    const copy = async (from, to) => {
        const done = await runner.run('cp', ['--reflink=auto', from, to]);
        if (done.code !== 0)
            throw new Error(`cp ${from}: ${done.stderr.trim() || `status ${done.code}`}`);
    };
    const kept = await store.build(recipeKey(recipe), recipe, async (workDir) => {
        const files = [STATE, HARNESS];
        await copy(snapshot.state, external_node_path_default().join(workDir, STATE));
        await copy(session.harnessImage, external_node_path_default().join(workDir, HARNESS));
        if (session.workdirImage) {
            await copy(session.workdirImage, external_node_path_default().join(workDir, WORKDIR));
            files.push(WORKDIR);
        }
        return {
            details: {
                bootDate: formatInstant(snapshot.bootDate),
                bytes: snapshot.bytes,
                stages: snapshot.stages,
                stageTokens: session.stages,
                workdir: session.workdirImage !== undefined,
            },
            files,
        };
    });
    for (const old of (await store.keysByAge('saved-guest-')).slice(MAX_KEPT_GUESTS))
        await store.discard(old);
    return kept;
}

;// CONCATENATED MODULE: ./src/guest/out-files.ts




/** Writes the files the probe left in $Y2038_OUT under `dir`/out, and says what did not come back. */
async function keepOutFiles(out, dir, date, log) {
    if (out.files.length === 0 && out.skipped.length === 0 && out.complete)
        return undefined;
    const outDir = external_node_path_default().join(dir, 'out');
    for (const file of out.files) {
        const target = external_node_path_default().join(outDir, ...file.name.split('/'));
        await (0,promises_namespaceObject.mkdir)(external_node_path_default().dirname(target), { recursive: true });
        await (0,promises_namespaceObject.writeFile)(target, file.data, { mode: 0o644 });
    }
    const overLimit = out.filesNotSent > 0 || out.cut;
    const limit = `${OUT_LIMIT_BYTES / 2 ** 20} MiB`;
    if (overLimit) {
        log.warn(`the probe left more than ${limit} in $Y2038_OUT at ${formatInstant(date)}: ${out.filesNotSent} file(s) were not brought back${out.cut ? ' and the last one kept is cut short' : ''}`);
    }
    if (!out.complete) {
        log.warn(`the files from $Y2038_OUT at ${formatInstant(date)} did not all arrive: the guest stopped while sending them`);
    }
    return {
        dir: outDir,
        files: out.files.length,
        bytes: out.bytes,
        notBroughtBack: out.skipped.map((s) => `${s.name}: ${s.why}`),
        overLimit,
    };
}

;// CONCATENATED MODULE: ./src/host/capacity.ts
/** How many guests this host runs at once: its cores, and what its free memory holds. */

/** What a QEMU process needs besides its guest's RAM (its own code, TCG's translation cache, buffers). */
const QEMU_OVERHEAD_MIB = 256;
/** Memory left to everything else on the machine. */
const HOST_RESERVE_MIB = 1024;
/** Guests of `guestMiB` each that run at once: one per core, as many as fit in free memory, at least one. */
function guestSlots(guestMiB, host) {
    const byMemory = Math.floor((host.freeMiB - HOST_RESERVE_MIB) / (guestMiB + QEMU_OVERHEAD_MIB));
    return Math.max(1, Math.min(host.cores, byMemory));
}
function hostCapacity() {
    return { cores: external_node_os_default().availableParallelism(), freeMiB: Math.floor(external_node_os_default().freemem() / 2 ** 20) };
}

;// CONCATENATED MODULE: ./src/host/log.ts
function formatSeconds(ms) {
    return `${(ms / 1000).toFixed(1)} s`;
}
/** Plain progress on standard error, so that standard output keeps only the report. */
class StderrLogger {
    out;
    terminal;
    /** A progress line is on the terminal, to be cleared before anything else is written. */
    progressShown = false;
    constructor(out = (t) => process.stderr.write(t), 
    /** A terminal: progress redraws one line; else each progress line is a line of its own. */
    terminal = process.stderr.isTTY === true) {
        this.out = out;
        this.terminal = terminal;
    }
    write(text) {
        if (this.progressShown)
            this.out('\r\x1b[2K');
        this.progressShown = false;
        this.out(text);
    }
    info(message) {
        this.write(`${message}\n`);
    }
    warn(message) {
        this.write(`warning: ${message}\n`);
    }
    progress(message) {
        if (!this.terminal)
            return this.write(`    ${message}\n`);
        this.write(`    ${message}`);
        this.progressShown = true;
    }
    async group(title, fn, tookMs) {
        const started = Date.now();
        this.write(`==> ${title}\n`);
        try {
            return await fn();
        }
        finally {
            this.write(`    ${title}: ${formatSeconds(tookMs ?? Date.now() - started)}\n`);
        }
    }
}
/**
 * Keeps what a piece of work logs, groups and all, to tell another logger later
 * (`replay`): for work that runs beside other work and is told in its turn.
 */
class DeferredLogger {
    entries = [];
    info(message) {
        this.entries.push({ kind: 'info', message });
    }
    warn(message) {
        this.entries.push({ kind: 'warn', message });
    }
    progress(message) {
        this.entries.push({ kind: 'info', message });
    }
    async group(title, fn) {
        const outer = this.entries;
        const group = { kind: 'group', title, entries: [], tookMs: 0 };
        outer.push(group);
        this.entries = group.entries;
        const started = Date.now();
        try {
            return await fn();
        }
        finally {
            group.tookMs = Date.now() - started;
            this.entries = outer;
        }
    }
    /** Tells `target` everything logged so far, in order, each group with the time it took. */
    async replay(target, entries = this.entries) {
        for (const entry of entries) {
            if (entry.kind === 'group')
                await target.group(entry.title, () => this.replay(target, entry.entries), entry.tookMs);
            else if (entry.kind === 'warn')
                target.warn(entry.message);
            else
                target.info(entry.message);
        }
    }
}
/** Collects messages; for tests and for the action's summary. */
class MemoryLogger {
    lines = [];
    info(message) {
        this.lines.push(message);
    }
    warn(message) {
        this.lines.push(`warning: ${message}`);
    }
    progress(message) {
        this.lines.push(message);
    }
    async group(title, fn) {
        this.lines.push(`==> ${title}`);
        return fn();
    }
}

;// CONCATENATED MODULE: ./src/host/in-order.ts

/**
 * Work on many items at once that reads as if it ran one item after another: at most
 * `slots` items run together, and each item's output is handed on (`deliver`) only once
 * every item before it was, so that logs and results come in the items' order.
 */
async function runInOrder(items, slots, work, deliver) {
    const results = [];
    const finished = [];
    let next = 0;
    let delivered = 0;
    let failure;
    // Deliveries run one after another, each after the one before it has finished.
    let delivering = Promise.resolve();
    const deliverReady = () => {
        while (delivered < items.length && finished[delivered]) {
            const index = delivered++;
            delivering = delivering.then(() => deliver(results[index], index));
        }
    };
    // Once an item failed no new one starts; the ones running finish, and the first failure is thrown.
    const worker = async () => {
        while (!failure && next < items.length) {
            const index = next++;
            try {
                results[index] = await work(items[index], index);
                finished[index] = true;
                deliverReady();
            }
            catch (error) {
                failure ??= { error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(slots, items.length)) }, worker));
    await delivering;
    if (failure)
        throw failure.error;
    return results;
}
/**
 * runInOrder for work that logs: each item logs to a telling of its own, kept, and told to
 * `telling` whole in the items' order (its console first, then its log, groups and times as
 * they were). With one slot each item tells `telling` directly, as it goes.
 */
async function runTold(items, slots, telling, work) {
    if (slots <= 1) {
        const results = [];
        for (const [index, item] of items.entries())
            results.push(await work(item, index, telling));
        return results;
    }
    const told = await runInOrder(items, slots, async (item, index) => {
        const log = new DeferredLogger();
        const console = [];
        const onConsole = telling.onConsole && ((chunk) => void console.push(chunk));
        const result = await work(item, index, { log, ...(onConsole ? { onConsole } : {}) });
        return { result, log, console };
    }, async ({ log, console }) => {
        for (const chunk of console)
            telling.onConsole?.(chunk);
        await log.replay(telling.log);
    });
    return told.map((t) => t.result);
}

;// CONCATENATED MODULE: external "fs"
const external_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");
var external_fs_namespaceObject_0 = /*#__PURE__*/__nccwpck_require__.t(external_fs_namespaceObject, 2);
;// CONCATENATED MODULE: external "path"
const external_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");
;// CONCATENATED MODULE: external "url"
const external_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");
;// CONCATENATED MODULE: external "module"
const external_module_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("module");
;// CONCATENATED MODULE: ./node_modules/fdir/dist/index.mjs




//#region rolldown:runtime
var __require = /* @__PURE__ */ (0,external_module_namespaceObject.createRequire)(import.meta.url);

//#endregion
//#region src/utils.ts
function cleanPath(path) {
	let normalized = (0,external_path_namespaceObject.normalize)(path);
	if (normalized.length > 1 && normalized[normalized.length - 1] === external_path_namespaceObject.sep) normalized = normalized.substring(0, normalized.length - 1);
	return normalized;
}
const SLASHES_REGEX = /[\\/]/g;
function convertSlashes(path, separator) {
	return path.replace(SLASHES_REGEX, separator);
}
const WINDOWS_ROOT_DIR_REGEX = /^[a-z]:[\\/]$/i;
function isRootDirectory(path) {
	return path === "/" || WINDOWS_ROOT_DIR_REGEX.test(path);
}
function normalizePath(path, options) {
	const { resolvePaths, normalizePath: normalizePath$1, pathSeparator } = options;
	const pathNeedsCleaning = process.platform === "win32" && path.includes("/") || path.startsWith(".");
	if (resolvePaths) path = (0,external_path_namespaceObject.resolve)(path);
	if (normalizePath$1 || pathNeedsCleaning) path = cleanPath(path);
	if (path === ".") return "";
	const needsSeperator = path[path.length - 1] !== pathSeparator;
	return convertSlashes(needsSeperator ? path + pathSeparator : path, pathSeparator);
}

//#endregion
//#region src/api/functions/join-path.ts
function joinPathWithBasePath(filename, directoryPath) {
	return directoryPath + filename;
}
function joinPathWithRelativePath(root, options) {
	return function(filename, directoryPath) {
		const sameRoot = directoryPath.startsWith(root);
		if (sameRoot) return directoryPath.slice(root.length) + filename;
		else return convertSlashes((0,external_path_namespaceObject.relative)(root, directoryPath), options.pathSeparator) + options.pathSeparator + filename;
	};
}
function joinPath(filename) {
	return filename;
}
function joinDirectoryPath(filename, directoryPath, separator) {
	return directoryPath + filename + separator;
}
function build$7(root, options) {
	const { relativePaths, includeBasePath } = options;
	return relativePaths && root ? joinPathWithRelativePath(root, options) : includeBasePath ? joinPathWithBasePath : joinPath;
}

//#endregion
//#region src/api/functions/push-directory.ts
function pushDirectoryWithRelativePath(root) {
	return function(directoryPath, paths) {
		paths.push(directoryPath.substring(root.length) || ".");
	};
}
function pushDirectoryFilterWithRelativePath(root) {
	return function(directoryPath, paths, filters) {
		const relativePath = directoryPath.substring(root.length) || ".";
		if (filters.every((filter) => filter(relativePath, true))) paths.push(relativePath);
	};
}
const pushDirectory = (directoryPath, paths) => {
	paths.push(directoryPath || ".");
};
const pushDirectoryFilter = (directoryPath, paths, filters) => {
	const path = directoryPath || ".";
	if (filters.every((filter) => filter(path, true))) paths.push(path);
};
const empty$2 = () => {};
function build$6(root, options) {
	const { includeDirs, filters, relativePaths } = options;
	if (!includeDirs) return empty$2;
	if (relativePaths) return filters && filters.length ? pushDirectoryFilterWithRelativePath(root) : pushDirectoryWithRelativePath(root);
	return filters && filters.length ? pushDirectoryFilter : pushDirectory;
}

//#endregion
//#region src/api/functions/push-file.ts
const pushFileFilterAndCount = (filename, _paths, counts, filters) => {
	if (filters.every((filter) => filter(filename, false))) counts.files++;
};
const pushFileFilter = (filename, paths, _counts, filters) => {
	if (filters.every((filter) => filter(filename, false))) paths.push(filename);
};
const pushFileCount = (_filename, _paths, counts, _filters) => {
	counts.files++;
};
const pushFile = (filename, paths) => {
	paths.push(filename);
};
const empty$1 = () => {};
function build$5(options) {
	const { excludeFiles, filters, onlyCounts } = options;
	if (excludeFiles) return empty$1;
	if (filters && filters.length) return onlyCounts ? pushFileFilterAndCount : pushFileFilter;
	else if (onlyCounts) return pushFileCount;
	else return pushFile;
}

//#endregion
//#region src/api/functions/get-array.ts
const getArray = (paths) => {
	return paths;
};
const getArrayGroup = () => {
	return [""].slice(0, 0);
};
function build$4(options) {
	return options.group ? getArrayGroup : getArray;
}

//#endregion
//#region src/api/functions/group-files.ts
const groupFiles = (groups, directory, files) => {
	groups.push({
		directory,
		files,
		dir: directory
	});
};
const empty = () => {};
function build$3(options) {
	return options.group ? groupFiles : empty;
}

//#endregion
//#region src/api/functions/resolve-symlink.ts
const resolveSymlinksAsync = function(path, state, callback$1) {
	const { queue, fs, options: { suppressErrors } } = state;
	queue.enqueue();
	fs.realpath(path, (error, resolvedPath) => {
		if (error) return queue.dequeue(suppressErrors ? null : error, state);
		fs.stat(resolvedPath, (error$1, stat) => {
			if (error$1) return queue.dequeue(suppressErrors ? null : error$1, state);
			if (stat.isDirectory() && isRecursive(path, resolvedPath, state)) return queue.dequeue(null, state);
			callback$1(stat, resolvedPath);
			queue.dequeue(null, state);
		});
	});
};
const resolveSymlinks = function(path, state, callback$1) {
	const { queue, fs, options: { suppressErrors } } = state;
	queue.enqueue();
	try {
		const resolvedPath = fs.realpathSync(path);
		const stat = fs.statSync(resolvedPath);
		if (stat.isDirectory() && isRecursive(path, resolvedPath, state)) return;
		callback$1(stat, resolvedPath);
	} catch (e) {
		if (!suppressErrors) throw e;
	}
};
function build$2(options, isSynchronous) {
	if (!options.resolveSymlinks || options.excludeSymlinks) return null;
	return isSynchronous ? resolveSymlinks : resolveSymlinksAsync;
}
function isRecursive(path, resolved, state) {
	if (state.options.useRealPaths) return isRecursiveUsingRealPaths(resolved, state);
	let parent = (0,external_path_namespaceObject.dirname)(path);
	let depth = 1;
	while (parent !== state.root && depth < 2) {
		const resolvedPath = state.symlinks.get(parent);
		const isSameRoot = !!resolvedPath && (resolvedPath === resolved || resolvedPath.startsWith(resolved) || resolved.startsWith(resolvedPath));
		if (isSameRoot) depth++;
		else parent = (0,external_path_namespaceObject.dirname)(parent);
	}
	state.symlinks.set(path, resolved);
	return depth > 1;
}
function isRecursiveUsingRealPaths(resolved, state) {
	return state.visited.includes(resolved + state.options.pathSeparator);
}

//#endregion
//#region src/api/functions/invoke-callback.ts
const onlyCountsSync = (state) => {
	return state.counts;
};
const groupsSync = (state) => {
	return state.groups;
};
const defaultSync = (state) => {
	return state.paths;
};
const limitFilesSync = (state) => {
	return state.paths.slice(0, state.options.maxFiles);
};
const onlyCountsAsync = (state, error, callback$1) => {
	report(error, callback$1, state.counts, state.options.suppressErrors);
	return null;
};
const defaultAsync = (state, error, callback$1) => {
	report(error, callback$1, state.paths, state.options.suppressErrors);
	return null;
};
const limitFilesAsync = (state, error, callback$1) => {
	report(error, callback$1, state.paths.slice(0, state.options.maxFiles), state.options.suppressErrors);
	return null;
};
const groupsAsync = (state, error, callback$1) => {
	report(error, callback$1, state.groups, state.options.suppressErrors);
	return null;
};
function report(error, callback$1, output, suppressErrors) {
	if (error && !suppressErrors) callback$1(error, output);
	else callback$1(null, output);
}
function build$1(options, isSynchronous) {
	const { onlyCounts, group, maxFiles } = options;
	if (onlyCounts) return isSynchronous ? onlyCountsSync : onlyCountsAsync;
	else if (group) return isSynchronous ? groupsSync : groupsAsync;
	else if (maxFiles) return isSynchronous ? limitFilesSync : limitFilesAsync;
	else return isSynchronous ? defaultSync : defaultAsync;
}

//#endregion
//#region src/api/functions/walk-directory.ts
const readdirOpts = { withFileTypes: true };
const walkAsync = (state, crawlPath, directoryPath, currentDepth, callback$1) => {
	state.queue.enqueue();
	if (currentDepth < 0) return state.queue.dequeue(null, state);
	const { fs } = state;
	state.visited.push(crawlPath);
	state.counts.directories++;
	fs.readdir(crawlPath || ".", readdirOpts, (error, entries = []) => {
		callback$1(entries, directoryPath, currentDepth);
		state.queue.dequeue(state.options.suppressErrors ? null : error, state);
	});
};
const walkSync = (state, crawlPath, directoryPath, currentDepth, callback$1) => {
	const { fs } = state;
	if (currentDepth < 0) return;
	state.visited.push(crawlPath);
	state.counts.directories++;
	let entries = [];
	try {
		entries = fs.readdirSync(crawlPath || ".", readdirOpts);
	} catch (e) {
		if (!state.options.suppressErrors) throw e;
	}
	callback$1(entries, directoryPath, currentDepth);
};
function build(isSynchronous) {
	return isSynchronous ? walkSync : walkAsync;
}

//#endregion
//#region src/api/queue.ts
/**
* This is a custom stateless queue to track concurrent async fs calls.
* It increments a counter whenever a call is queued and decrements it
* as soon as it completes. When the counter hits 0, it calls onQueueEmpty.
*/
var Queue = class {
	count = 0;
	constructor(onQueueEmpty) {
		this.onQueueEmpty = onQueueEmpty;
	}
	enqueue() {
		this.count++;
		return this.count;
	}
	dequeue(error, output) {
		if (this.onQueueEmpty && (--this.count <= 0 || error)) {
			this.onQueueEmpty(error, output);
			if (error) {
				output.controller.abort();
				this.onQueueEmpty = void 0;
			}
		}
	}
};

//#endregion
//#region src/api/counter.ts
var Counter = class {
	_files = 0;
	_directories = 0;
	set files(num) {
		this._files = num;
	}
	get files() {
		return this._files;
	}
	set directories(num) {
		this._directories = num;
	}
	get directories() {
		return this._directories;
	}
	/**
	* @deprecated use `directories` instead
	*/
	/* c8 ignore next 3 */
	get dirs() {
		return this._directories;
	}
};

//#endregion
//#region src/api/aborter.ts
/**
* AbortController is not supported on Node 14 so we use this until we can drop
* support for Node 14.
*/
var Aborter = class {
	aborted = false;
	abort() {
		this.aborted = true;
	}
};

//#endregion
//#region src/api/walker.ts
var Walker = class {
	root;
	isSynchronous;
	state;
	joinPath;
	pushDirectory;
	pushFile;
	getArray;
	groupFiles;
	resolveSymlink;
	walkDirectory;
	callbackInvoker;
	constructor(root, options, callback$1) {
		this.isSynchronous = !callback$1;
		this.callbackInvoker = build$1(options, this.isSynchronous);
		this.root = normalizePath(root, options);
		this.state = {
			root: isRootDirectory(this.root) ? this.root : this.root.slice(0, -1),
			paths: [""].slice(0, 0),
			groups: [],
			counts: new Counter(),
			options,
			queue: new Queue((error, state) => this.callbackInvoker(state, error, callback$1)),
			symlinks: /* @__PURE__ */ new Map(),
			visited: [""].slice(0, 0),
			controller: new Aborter(),
			fs: options.fs || external_fs_namespaceObject_0
		};
		this.joinPath = build$7(this.root, options);
		this.pushDirectory = build$6(this.root, options);
		this.pushFile = build$5(options);
		this.getArray = build$4(options);
		this.groupFiles = build$3(options);
		this.resolveSymlink = build$2(options, this.isSynchronous);
		this.walkDirectory = build(this.isSynchronous);
	}
	start() {
		this.pushDirectory(this.root, this.state.paths, this.state.options.filters);
		this.walkDirectory(this.state, this.root, this.root, this.state.options.maxDepth, this.walk);
		return this.isSynchronous ? this.callbackInvoker(this.state, null) : null;
	}
	walk = (entries, directoryPath, depth) => {
		const { paths, options: { filters, resolveSymlinks: resolveSymlinks$1, excludeSymlinks, exclude, maxFiles, signal, useRealPaths, pathSeparator }, controller } = this.state;
		if (controller.aborted || signal && signal.aborted || maxFiles && paths.length > maxFiles) return;
		const files = this.getArray(this.state.paths);
		for (let i = 0; i < entries.length; ++i) {
			const entry = entries[i];
			if (entry.isFile() || entry.isSymbolicLink() && !resolveSymlinks$1 && !excludeSymlinks) {
				const filename = this.joinPath(entry.name, directoryPath);
				this.pushFile(filename, files, this.state.counts, filters);
			} else if (entry.isDirectory()) {
				let path = joinDirectoryPath(entry.name, directoryPath, this.state.options.pathSeparator);
				if (exclude && exclude(entry.name, path)) continue;
				this.pushDirectory(path, paths, filters);
				this.walkDirectory(this.state, path, path, depth - 1, this.walk);
			} else if (this.resolveSymlink && entry.isSymbolicLink()) {
				let path = joinPathWithBasePath(entry.name, directoryPath);
				this.resolveSymlink(path, this.state, (stat, resolvedPath) => {
					if (stat.isDirectory()) {
						resolvedPath = normalizePath(resolvedPath, this.state.options);
						if (exclude && exclude(entry.name, useRealPaths ? resolvedPath : path + pathSeparator)) return;
						this.walkDirectory(this.state, resolvedPath, useRealPaths ? resolvedPath : path + pathSeparator, depth - 1, this.walk);
					} else {
						resolvedPath = useRealPaths ? resolvedPath : path;
						const filename = (0,external_path_namespaceObject.basename)(resolvedPath);
						const directoryPath$1 = normalizePath((0,external_path_namespaceObject.dirname)(resolvedPath), this.state.options);
						resolvedPath = this.joinPath(filename, directoryPath$1);
						this.pushFile(resolvedPath, files, this.state.counts, filters);
					}
				});
			}
		}
		this.groupFiles(this.state.groups, directoryPath, files);
	};
};

//#endregion
//#region src/api/async.ts
function promise(root, options) {
	return new Promise((resolve$1, reject) => {
		callback(root, options, (err, output) => {
			if (err) return reject(err);
			resolve$1(output);
		});
	});
}
function callback(root, options, callback$1) {
	let walker = new Walker(root, options, callback$1);
	walker.start();
}

//#endregion
//#region src/api/sync.ts
function sync(root, options) {
	const walker = new Walker(root, options);
	return walker.start();
}

//#endregion
//#region src/builder/api-builder.ts
var APIBuilder = class {
	constructor(root, options) {
		this.root = root;
		this.options = options;
	}
	withPromise() {
		return promise(this.root, this.options);
	}
	withCallback(cb) {
		callback(this.root, this.options, cb);
	}
	sync() {
		return sync(this.root, this.options);
	}
};

//#endregion
//#region src/builder/index.ts
let pm = null;
/* c8 ignore next 6 */
try {
	__require.resolve("picomatch");
	pm = __require("picomatch");
} catch {}
var Builder = class {
	globCache = {};
	options = {
		maxDepth: Infinity,
		suppressErrors: true,
		pathSeparator: external_path_namespaceObject.sep,
		filters: []
	};
	globFunction;
	constructor(options) {
		this.options = {
			...this.options,
			...options
		};
		this.globFunction = this.options.globFunction;
	}
	group() {
		this.options.group = true;
		return this;
	}
	withPathSeparator(separator) {
		this.options.pathSeparator = separator;
		return this;
	}
	withBasePath() {
		this.options.includeBasePath = true;
		return this;
	}
	withRelativePaths() {
		this.options.relativePaths = true;
		return this;
	}
	withDirs() {
		this.options.includeDirs = true;
		return this;
	}
	withMaxDepth(depth) {
		this.options.maxDepth = depth;
		return this;
	}
	withMaxFiles(limit) {
		this.options.maxFiles = limit;
		return this;
	}
	withFullPaths() {
		this.options.resolvePaths = true;
		this.options.includeBasePath = true;
		return this;
	}
	withErrors() {
		this.options.suppressErrors = false;
		return this;
	}
	withSymlinks({ resolvePaths = true } = {}) {
		this.options.resolveSymlinks = true;
		this.options.useRealPaths = resolvePaths;
		return this.withFullPaths();
	}
	withAbortSignal(signal) {
		this.options.signal = signal;
		return this;
	}
	normalize() {
		this.options.normalizePath = true;
		return this;
	}
	filter(predicate) {
		this.options.filters.push(predicate);
		return this;
	}
	onlyDirs() {
		this.options.excludeFiles = true;
		this.options.includeDirs = true;
		return this;
	}
	exclude(predicate) {
		this.options.exclude = predicate;
		return this;
	}
	onlyCounts() {
		this.options.onlyCounts = true;
		return this;
	}
	crawl(root) {
		return new APIBuilder(root || ".", this.options);
	}
	withGlobFunction(fn) {
		this.globFunction = fn;
		return this;
	}
	/**
	* @deprecated Pass options using the constructor instead:
	* ```ts
	* new fdir(options).crawl("/path/to/root");
	* ```
	* This method will be removed in v7.0
	*/
	/* c8 ignore next 4 */
	crawlWithOptions(root, options) {
		this.options = {
			...this.options,
			...options
		};
		return new APIBuilder(root || ".", this.options);
	}
	glob(...patterns) {
		if (this.globFunction) return this.globWithOptions(patterns);
		return this.globWithOptions(patterns, ...[{ dot: true }]);
	}
	globWithOptions(patterns, ...options) {
		const globFn = this.globFunction || pm;
		/* c8 ignore next 5 */
		if (!globFn) throw new Error("Please specify a glob function to use glob matching.");
		var isMatch = this.globCache[patterns.join("\0")];
		if (!isMatch) {
			isMatch = globFn(patterns, ...options);
			this.globCache[patterns.join("\0")] = isMatch;
		}
		this.options.filters.push((path) => isMatch(path));
		return this;
	}
};

//#endregion

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __nccwpck_require__(6);
;// CONCATENATED MODULE: ./node_modules/tinyglobby/dist/index.mjs





//#region src/utils.ts
const isReadonlyArray = Array.isArray;
const BACKSLASHES = /\\/g;
const DRIVE_RELATIVE_PATH = /^[A-Za-z]:$/;
const isWin = process.platform === "win32";
const ONLY_PARENT_DIRECTORIES = /^(\/?\.\.)+$/;
function getPartialMatcher(patterns, options = {}) {
	const patternsCount = patterns.length;
	const patternsParts = Array(patternsCount);
	const matchers = Array(patternsCount);
	let i, j;
	for (i = 0; i < patternsCount; i++) {
		const parts = splitPattern(patterns[i]);
		patternsParts[i] = parts;
		const partsCount = parts.length;
		const partMatchers = Array(partsCount);
		for (j = 0; j < partsCount; j++) partMatchers[j] = picomatch(parts[j], options);
		matchers[i] = partMatchers;
	}
	return (input) => {
		const inputParts = input.split("/");
		if (inputParts[0] === ".." && ONLY_PARENT_DIRECTORIES.test(input)) return true;
		for (i = 0; i < patternsCount; i++) {
			const patternParts = patternsParts[i];
			const matcher = matchers[i];
			const inputPatternCount = inputParts.length;
			const minParts = Math.min(inputPatternCount, patternParts.length);
			j = 0;
			while (j < minParts) {
				const part = patternParts[j];
				if (part.includes("/")) return true;
				if (!matcher[j](inputParts[j])) break;
				if (!options.noglobstar && part === "**") return true;
				j++;
			}
			if (j === inputPatternCount) return true;
		}
		return false;
	};
}
/* node:coverage ignore next 2 */
const WIN32_ROOT_DIR = /^[A-Z]:\/$/i;
const dist_isRoot = isWin ? (p) => WIN32_ROOT_DIR.test(p) : (p) => p === "/";
function buildFormat(cwd, root, absolute) {
	if (cwd === root || root.startsWith(`${cwd}/`)) {
		if (absolute) {
			const start = cwd.length + +!dist_isRoot(cwd);
			return (p, isDir) => p.slice(start, isDir ? -1 : void 0) || ".";
		}
		const prefix = root.slice(cwd.length + 1);
		if (prefix) return (p, isDir) => {
			if (p === ".") return prefix;
			const result = `${prefix}/${p}`;
			return isDir ? result.slice(0, -1) : result;
		};
		return (p, isDir) => isDir && p !== "." ? p.slice(0, -1) : p;
	}
	if (absolute) return (p) => external_path_namespaceObject.posix.relative(cwd, p) || ".";
	return (p) => external_path_namespaceObject.posix.relative(cwd, `${root}/${p}`) || ".";
}
function buildRelative(cwd, root) {
	if (root.startsWith(`${cwd}/`)) {
		const prefix = root.slice(cwd.length + 1);
		return (p) => `${prefix}/${p}`;
	}
	return (p) => {
		const result = external_path_namespaceObject.posix.relative(cwd, `${root}/${p}`);
		return p[p.length - 1] === "/" && result !== "" ? `${result}/` : result || ".";
	};
}
function ensureNonDriveRelativePath(path) {
	return path.replace(DRIVE_RELATIVE_PATH, (match) => `${match}/`);
}
const splitPatternOptions = { parts: true };
function splitPattern(path) {
	var _result$parts;
	const result = picomatch.scan(path, splitPatternOptions);
	return ((_result$parts = result.parts) === null || _result$parts === void 0 ? void 0 : _result$parts.length) ? result.parts : [path];
}
const ESCAPED_WIN32_BACKSLASHES = /\\(?![()[\]{}!+@])/g;
function convertPosixPathToPattern(path) {
	return escapePosixPath(path);
}
function convertWin32PathToPattern(path) {
	return escapeWin32Path(path).replace(ESCAPED_WIN32_BACKSLASHES, "/");
}
/**
* Converts a path to a pattern depending on the platform.
* Identical to {@link escapePath} on POSIX systems.
* @see {@link https://superchupu.dev/tinyglobby/documentation#convertPathToPattern}
*/
/* node:coverage ignore next 3 */
const convertPathToPattern = (/* unused pure expression or super */ null && (isWin ? convertWin32PathToPattern : convertPosixPathToPattern));
const POSIX_UNESCAPED_GLOB_SYMBOLS = /(?<!\\)([()[\]{}*?|]|^!|[!+@](?=\()|\\(?![()[\]{}!*+?@|]))/g;
const WIN32_UNESCAPED_GLOB_SYMBOLS = /(?<!\\)([()[\]{}]|^!|[!+@](?=\())/g;
const escapePosixPath = (path) => path.replace(POSIX_UNESCAPED_GLOB_SYMBOLS, "\\$&");
const escapeWin32Path = (path) => path.replace(WIN32_UNESCAPED_GLOB_SYMBOLS, "\\$&");
/**
* Escapes a path's special characters depending on the platform.
* @see {@link https://superchupu.dev/tinyglobby/documentation#escapePath}
*/
/* node:coverage ignore next */
const escapePath = isWin ? escapeWin32Path : escapePosixPath;
/**
* Checks if a pattern has dynamic parts.
*
* Has a few minor differences with [`fast-glob`](https://github.com/mrmlnc/fast-glob) for better accuracy:
*
* - Doesn't necessarily return `false` on patterns that include `\`.
* - Returns `true` if the pattern includes parentheses, regardless of them representing one single pattern or not.
* - Returns `true` for unfinished glob extensions i.e. `(h`, `+(h`.
* - Returns `true` for unfinished brace expansions as long as they include `,` or `..`.
*
* @see {@link https://superchupu.dev/tinyglobby/documentation#isDynamicPattern}
*/
function isDynamicPattern(pattern, options) {
	if ((options === null || options === void 0 ? void 0 : options.caseSensitiveMatch) === false) return true;
	const scan = picomatch.scan(pattern);
	return scan.isGlob || scan.negated;
}
function log(...tasks) {
	console.log(`[tinyglobby ${(/* @__PURE__ */ new Date()).toLocaleTimeString("es")}]`, ...tasks);
}
function ensureStringArray(value) {
	return typeof value === "string" ? [value] : value !== null && value !== void 0 ? value : [];
}
//#endregion
//#region src/patterns.ts
const PARENT_DIRECTORY = /^(\/?\.\.)+/;
const ESCAPING_BACKSLASHES = /\\(?=[()[\]{}!*+?@|])/g;
function normalizePattern(pattern, opts, props, isIgnore) {
	var _PARENT_DIRECTORY$exe;
	const cwd = opts.cwd;
	let result = pattern;
	if (pattern[pattern.length - 1] === "/") result = pattern.slice(0, -1);
	if (result[result.length - 1] !== "*" && opts.expandDirectories) result += "/**";
	const escapedCwd = escapePath(cwd);
	result = (0,external_path_namespaceObject.isAbsolute)(result.replace(ESCAPING_BACKSLASHES, "")) ? external_path_namespaceObject.posix.relative(escapedCwd, result) : external_path_namespaceObject.posix.normalize(result);
	const parentDir = (_PARENT_DIRECTORY$exe = PARENT_DIRECTORY.exec(result)) === null || _PARENT_DIRECTORY$exe === void 0 ? void 0 : _PARENT_DIRECTORY$exe[0];
	const parts = splitPattern(result);
	if (parentDir) {
		const n = (parentDir.length + 1) / 3;
		let i = 0;
		const cwdParts = escapedCwd.split("/");
		while (i < n && parts[i + n] === cwdParts[cwdParts.length + i - n]) {
			result = result.slice(0, (n - i - 1) * 3) + result.slice((n - i) * 3 + parts[i + n].length + 1) || ".";
			i++;
		}
		const potentialRoot = external_path_namespaceObject.posix.join(cwd, parentDir.slice(i * 3));
		if (potentialRoot[0] !== "." && props.root.length > potentialRoot.length) {
			props.root = ensureNonDriveRelativePath(potentialRoot);
			props.depthOffset = -n + i;
		}
	}
	if (!isIgnore && props.depthOffset >= 0) {
		var _props$commonPath;
		(_props$commonPath = props.commonPath) !== null && _props$commonPath !== void 0 || (props.commonPath = parts);
		const newCommonPath = [];
		const length = Math.min(props.commonPath.length, parts.length);
		for (let i = 0; i < length; i++) {
			const part = parts[i];
			if (part === "**" && !parts[i + 1]) {
				newCommonPath.pop();
				break;
			}
			if (i === parts.length - 1 || part !== props.commonPath[i] || isDynamicPattern(part)) break;
			newCommonPath.push(part);
		}
		props.depthOffset = newCommonPath.length;
		props.commonPath = newCommonPath;
		props.root = ensureNonDriveRelativePath(newCommonPath.length > 0 ? external_path_namespaceObject.posix.join(cwd, ...newCommonPath) : cwd);
	}
	return result;
}
function processPatterns(options, patterns, props) {
	const matchPatterns = [];
	const ignorePatterns = [];
	for (const pattern of options.ignore) {
		if (!pattern) continue;
		if (pattern[0] !== "!" || pattern[1] === "(") ignorePatterns.push(normalizePattern(pattern, options, props, true));
	}
	for (const pattern of patterns) {
		if (!pattern) continue;
		if (pattern[0] !== "!" || pattern[1] === "(") matchPatterns.push(normalizePattern(pattern, options, props, false));
		else if (pattern[1] !== "!" || pattern[2] === "(") ignorePatterns.push(normalizePattern(pattern.slice(1), options, props, true));
	}
	return {
		match: matchPatterns,
		ignore: ignorePatterns
	};
}
//#endregion
//#region src/crawler.ts
function buildCrawler(options, patterns) {
	const cwd = options.cwd;
	const props = {
		root: cwd,
		depthOffset: 0
	};
	const processed = processPatterns(options, patterns, props);
	if (options.debug) log("internal processing patterns:", processed);
	const { absolute, caseSensitiveMatch, debug, dot, followSymbolicLinks, onlyDirectories } = options;
	const root = props.root.replace(BACKSLASHES, "");
	const matchOptions = {
		dot,
		nobrace: options.braceExpansion === false,
		nocase: !caseSensitiveMatch,
		noextglob: options.extglob === false,
		noglobstar: options.globstar === false,
		posix: true
	};
	const matcher = picomatch(processed.match, matchOptions);
	const ignore = picomatch(processed.ignore, matchOptions);
	const partialMatcher = getPartialMatcher(processed.match, matchOptions);
	const format = buildFormat(cwd, root, absolute);
	const excludeFormatter = absolute ? format : buildFormat(cwd, root, true);
	const excludePredicate = (_, p) => {
		const relativePath = excludeFormatter(p, true);
		return relativePath !== "." && !partialMatcher(relativePath) || ignore(relativePath);
	};
	let maxDepth;
	if (options.deep !== void 0) maxDepth = Math.round(options.deep - props.depthOffset);
	const crawler = new Builder({
		filters: [debug ? (p, isDirectory) => {
			const path = format(p, isDirectory);
			const matches = matcher(path) && !ignore(path);
			if (matches) log(`matched ${path}`);
			return matches;
		} : (p, isDirectory) => {
			const path = format(p, isDirectory);
			return matcher(path) && !ignore(path);
		}],
		exclude: debug ? (_, p) => {
			const skipped = excludePredicate(_, p);
			log(`${skipped ? "skipped" : "crawling"} ${p}`);
			return skipped;
		} : excludePredicate,
		fs: options.fs,
		pathSeparator: "/",
		relativePaths: !absolute,
		resolvePaths: absolute,
		includeBasePath: absolute,
		resolveSymlinks: followSymbolicLinks,
		excludeSymlinks: !followSymbolicLinks,
		excludeFiles: onlyDirectories,
		includeDirs: onlyDirectories || !options.onlyFiles,
		maxDepth,
		signal: options.signal
	}).crawl(root);
	if (options.debug) log("internal properties:", {
		...props,
		root
	});
	return [crawler, cwd !== root && !absolute && buildRelative(cwd, root)];
}
//#endregion
//#region src/index.ts
function formatPaths(paths, mapper) {
	if (mapper) for (let i = paths.length - 1; i >= 0; i--) paths[i] = mapper(paths[i]);
	return paths;
}
const defaultOptions = {
	caseSensitiveMatch: true,
	debug: !!process.env.TINYGLOBBY_DEBUG,
	expandDirectories: true,
	followSymbolicLinks: true,
	onlyFiles: true
};
function getOptions(options) {
	const opts = Object.assign({}, options);
	for (const key in defaultOptions) if (opts[key] === void 0) Object.assign(opts, { [key]: defaultOptions[key] });
	opts.cwd = (opts.cwd instanceof URL ? (0,external_url_namespaceObject.fileURLToPath)(opts.cwd) : (0,external_path_namespaceObject.resolve)(opts.cwd || process.cwd())).replace(BACKSLASHES, "/");
	opts.ignore = ensureStringArray(opts.ignore);
	opts.fs && (opts.fs = {
		readdir: opts.fs.readdir || external_fs_namespaceObject.readdir,
		readdirSync: opts.fs.readdirSync || external_fs_namespaceObject.readdirSync,
		realpath: opts.fs.realpath || external_fs_namespaceObject.realpath,
		realpathSync: opts.fs.realpathSync || external_fs_namespaceObject.realpathSync,
		stat: opts.fs.stat || external_fs_namespaceObject.stat,
		statSync: opts.fs.statSync || external_fs_namespaceObject.statSync
	});
	if (opts.debug) log("globbing with options:", opts);
	return opts;
}
function getCrawler(globInput, inputOptions = {}) {
	var _ref;
	if (globInput && (inputOptions === null || inputOptions === void 0 ? void 0 : inputOptions.patterns)) throw new Error("Cannot pass patterns as both an argument and an option");
	const isModern = isReadonlyArray(globInput) || typeof globInput === "string";
	const patterns = ensureStringArray((_ref = isModern ? globInput : globInput.patterns) !== null && _ref !== void 0 ? _ref : "**/*");
	const options = getOptions(isModern ? inputOptions : globInput);
	return patterns.length > 0 ? buildCrawler(options, patterns) : [];
}
async function glob(globInput, options) {
	const [crawler, relative] = getCrawler(globInput, options);
	return crawler ? formatPaths(await crawler.withPromise(), relative) : [];
}
function globSync(globInput, options) {
	const [crawler, relative] = getCrawler(globInput, options);
	return crawler ? formatPaths(crawler.sync(), relative) : [];
}
//#endregion


;// CONCATENATED MODULE: ./src/config/probe-text.ts
/**
 * What the host checks of a probe before anything boots: that it is text bash can run as
 * it is. A probe that is not text, has Windows line endings or does not parse would stop in
 * the guest after a boot; refusing it here says why at once. Pure: bash's own check runs on
 * the host and is handed in (SyntaxCheck).
 */
/** Invalid UTF-8 sequences tolerated before the probe counts as not text. */
const MAX_INVALID_UTF8 = 8;
/** Why `text` is not a probe bash can run, or undefined. Pure. */
function probeTextProblem(text) {
    const nul = text.indexOf(0);
    if (nul >= 0) {
        const line = text.subarray(0, nul).toString('latin1').split('\n').length;
        return `is not a text file (a NUL byte on line ${line}): give a shell script`;
    }
    const decoded = text.toString('utf8');
    const invalid = (decoded.match(/\uFFFD/g)?.length ?? 0) - (text.toString('latin1').match(/\xEF\xBF\xBD/g)?.length ?? 0);
    if (invalid > MAX_INVALID_UTF8) {
        return `is not a text file (${invalid} byte sequences that are not UTF-8): give a shell script`;
    }
    const crlf = decoded.indexOf('\r\n');
    if (crlf >= 0) {
        const line = decoded.slice(0, crlf).split('\n').length;
        return `has Windows line endings (CRLF, first on line ${line}), which bash reads as part of each command: convert it to LF (dos2unix, or sed -i 's/\\r$//')`;
    }
    return undefined;
}
/** bash -n's words, from its standard error: the first line naming a line, as "line N: message". */
function syntaxComplaint(stderr) {
    const first = stderr
        .split('\n')
        .map((l) => l.trim())
        .find((l) => /line \d+:/.test(l));
    return (first ?? stderr.trim()).replace(/^.*?(line \d+:)/, '$1');
}
/** The largest probe or setup script taken: a larger one is data, not a script, and would only run to the timeout. */
const MAX_SCRIPT_BYTES = 1024 * 1024;
/** Why a script of `bytes` bytes is too large, or undefined. */
function scriptSizeProblem(bytes) {
    if (bytes <= MAX_SCRIPT_BYTES)
        return undefined;
    return `is ${bytes} bytes, more than a script may be (${MAX_SCRIPT_BYTES} bytes, 1 MiB): keep data in workdir or a .deb and read it from the script`;
}
/** Why `text` runs nothing (only blank lines and comments), or undefined. */
function emptyScriptProblem(text) {
    const command = text.split('\n').some((line) => {
        const trimmed = line.trim();
        return trimmed !== '' && !trimmed.startsWith('#');
    });
    return command
        ? undefined
        : 'has no commands (only blank lines and comments), so nothing would run: give at least one command';
}
/** Shells whose scripts bash runs as they are (bash's own behaviour then applies). */
const SH_FAMILY = new Set(['sh', 'dash', 'ash', 'busybox', 'ksh', 'mksh', 'posh']);
/** The program a `#!` first line names (`#!/usr/bin/env perl -w`: perl), or undefined. */
function shebangInterpreter(text) {
    const words = /^#!(.*)/.exec(text.split('\n', 1)[0])?.[1]?.trim().split(/\s+/);
    if (!words || words[0] === '')
        return undefined;
    const base = (word) => word.slice(word.lastIndexOf('/') + 1);
    if (base(words[0]) !== 'env')
        return base(words[0]);
    const program = words.slice(1).find((word) => !word.startsWith('-') && !word.includes('='));
    return program === undefined ? 'env' : base(program);
}
/** Why a script whose `#!` line names another language cannot run: bash reads that line as a comment. */
function shebangProblem(text) {
    const name = shebangInterpreter(text);
    if (name === undefined || name === 'bash' || SH_FAMILY.has(name))
        return undefined;
    return `starts with #! naming ${name}, but scripts run in bash, which reads that line as a comment: write it in bash, or run ${name} from it`;
}
/** What to tell the user of a `#!` line that names a POSIX shell: the script runs in bash all the same. */
function shebangNote(text) {
    const name = shebangInterpreter(text);
    if (name === undefined || !SH_FAMILY.has(name))
        return undefined;
    return `starts with #! naming ${name}, but it runs in bash (bash runs POSIX sh scripts; where the two differ, bash's behaviour applies)`;
}

;// CONCATENATED MODULE: ./src/config/workspace.ts
/**
 * What of the user's repository goes into the guest: .deb files (`debs`), a directory
 * (`workdir`) and a setup script (`setup`). Each is checked here, on the host, before
 * anything is built: it exists, it is inside the repository, and it is what the input
 * takes. Reads the file system; runs nothing.
 */





/** The most a `workdir` may hold (apparent sizes): it becomes a disk image for every run. */
const WORKDIR_LIMIT_BYTES = 512 * 2 ** 20;
function blank(value) {
    return value === undefined || value.trim() === '';
}
function relativeInside(root, real) {
    const relative = external_node_path_default().relative(root, real);
    if (relative === '..' || relative.startsWith(`..${(external_node_path_default()).sep}`) || external_node_path_default().isAbsolute(relative))
        return undefined;
    return relative;
}
/**
 * `given` resolved inside the repository, or an InputError naming `input`. `anywhere`: a
 * file outside it is taken too (the command line's scripts), named by its absolute path.
 */
function insideRepository(input, given, root, anywhere = false) {
    const candidate = external_node_path_default().resolve(root, given);
    let real;
    try {
        real = (0,external_node_fs_namespaceObject.realpathSync)(candidate);
    }
    catch {
        throw new errors_InputError(input, anywhere ? `'${given}' does not exist (from ${root})` : `'${given}' does not exist in the repository ${root}`);
    }
    const relative = relativeInside(root, real) ?? (anywhere ? real : undefined);
    if (relative === undefined) {
        throw new errors_InputError(input, `'${given}' is outside the repository ${root}: give a path inside it`);
    }
    return { real, relative };
}
const toPosix = (relative) => relative.split((external_node_path_default()).sep).join('/');
/**
 * The .deb files `value` names: paths or globs, separated by newlines or spaces, relative
 * to the repository. Every pattern must match at least one regular file ending in .deb.
 */
function parseDebs(value, repositoryRoot) {
    if (blank(value))
        return [];
    const root = (0,external_node_fs_namespaceObject.realpathSync)(repositoryRoot);
    const found = new Map();
    for (const pattern of value.split(/\s+/).filter((p) => p !== '' && !p.startsWith('#'))) {
        const names = isDynamicPattern(pattern)
            ? globSync(pattern, { cwd: root, dot: true, onlyFiles: true, expandDirectories: false })
            : [pattern];
        if (names.length === 0)
            throw new errors_InputError('debs', `'${pattern}' matches no file in the repository ${root}`);
        for (const name of names) {
            const { real, relative } = insideRepository('debs', name, root);
            const stats = (0,external_node_fs_namespaceObject.statSync)(real);
            if (stats.isDirectory()) {
                throw new errors_InputError('debs', `'${name}' is a directory: give .deb files (a path or a glob like dist/*.deb)`);
            }
            if (!stats.isFile() || !real.endsWith('.deb')) {
                throw new errors_InputError('debs', `'${name}' is not a .deb file (give Debian binary packages, *.deb)`);
            }
            found.set(real, { path: real, relativePath: toPosix(relative) });
        }
    }
    return [...found.values()].sort((a, b) => (a.relativePath < b.relativePath ? -1 : 1));
}
/**
 * Walks `dir` (already real and inside the repository) for what would break in the guest:
 * a symbolic link that leaves the directory, and a total size over the limit.
 */
function checkWorkdirTree(dir, given, limit) {
    let bytes = 0;
    const pending = [dir];
    while (pending.length > 0) {
        const current = pending.pop();
        for (const entry of (0,external_node_fs_namespaceObject.readdirSync)(current, { withFileTypes: true })) {
            const full = external_node_path_default().join(current, entry.name);
            const shown = toPosix(external_node_path_default().join(given, external_node_path_default().relative(dir, full)));
            if (entry.isSymbolicLink()) {
                const target = (0,external_node_fs_namespaceObject.readlinkSync)(full);
                const resolved = external_node_path_default().resolve(current, target);
                if (external_node_path_default().isAbsolute(target) || relativeInside(dir, resolved) === undefined) {
                    throw new errors_InputError('workdir', `'${shown}' is a symbolic link to '${target}', outside '${given}': the guest cannot follow it (make it relative and inside the directory, or remove it)`);
                }
                continue;
            }
            if (entry.isDirectory())
                pending.push(full);
            else
                bytes += (0,external_node_fs_namespaceObject.lstatSync)(full).size;
            if (bytes > limit) {
                throw new errors_InputError('workdir', `'${given}' holds more than ${limit / 2 ** 20} MiB: give a smaller directory (the build output or the tests the probe needs)`);
            }
        }
    }
    return bytes;
}
/** The directory `value` names, which appears in the guest at /work. */
function parseWorkdir(value, repositoryRoot, limit = WORKDIR_LIMIT_BYTES) {
    if (blank(value))
        return undefined;
    const given = value.trim();
    const root = (0,external_node_fs_namespaceObject.realpathSync)(repositoryRoot);
    const { real, relative } = insideRepository('workdir', given, root);
    if (!(0,external_node_fs_namespaceObject.statSync)(real).isDirectory()) {
        throw new errors_InputError('workdir', `'${given}' is not a directory (give a directory of the repository)`);
    }
    checkWorkdirTree(real, given, limit);
    return { path: real, relativePath: toPosix(relative) || '.' };
}
/** A one-line value made of path characters that names a script file rather than being one. */
function looksLikePath(text) {
    return /^[\w./+-]+$/.test(text) && (text.includes('/') || /\.(?:sh|bash)$/.test(text));
}
/**
 * Refuses a script that is not text bash can run as it is (it would stop in the guest), that
 * is too large, or that runs nothing. Returns what to tell the user of it, if anything.
 */
function checkScriptText(input, label, text, syntaxError) {
    const decoded = text.toString('utf8');
    const problem = probeTextProblem(text) ?? scriptSizeProblem(text.length) ?? emptyScriptProblem(decoded) ?? shebangProblem(decoded);
    if (problem)
        throw new errors_InputError(input, `${label} ${problem}`);
    const syntax = syntaxError(decoded);
    if (syntax)
        throw new errors_InputError(input, `${label} does not parse: ${syntax}`);
    const note = shebangNote(decoded);
    return note === undefined ? undefined : `${input}: ${label} ${note}`;
}
/** Reads a script file of the repository, refusing one too large before reading it whole. */
function readScriptFile(input, label, file) {
    const tooLarge = scriptSizeProblem((0,external_node_fs_namespaceObject.statSync)(file).size);
    if (tooLarge)
        throw new errors_InputError(input, `${label} ${tooLarge}`);
    return (0,external_node_fs_namespaceObject.readFileSync)(file);
}
/**
 * A script file of the repository (the probe, the setup): inside it, a regular file, text
 * bash can run; with what to tell the user of it.
 */
function repositoryScript(input, given, place) {
    const anywhere = place.anywhere ?? false;
    const root = (0,external_node_fs_namespaceObject.realpathSync)(place.repositoryRoot);
    const { real, relative } = insideRepository(input, given, root, anywhere);
    if (!(0,external_node_fs_namespaceObject.statSync)(real).isFile()) {
        throw new errors_InputError(input, `'${given}' is not a regular file (a shell script${anywhere ? '' : ` inside ${root}`})`);
    }
    const note = checkScriptText(input, `'${given}'`, readScriptFile(input, `'${given}'`, real), place.syntaxError);
    return { path: real, relativePath: toPosix(relative), ...(note ? { note } : {}) };
}
/**
 * The setup script: a file of the repository when `value` is one line that names one (or
 * looks like a path: then it must exist), else the inline script itself.
 */
function parseSetup(value, place) {
    if (blank(value))
        return undefined;
    const text = value;
    const oneLine = text.trim();
    if (!oneLine.includes('\n') && looksLikePath(oneLine)) {
        return { kind: 'file', ...repositoryScript('setup', oneLine, place) };
    }
    const note = checkScriptText('setup', 'the inline setup script', Buffer.from(text, 'utf8'), place.syntaxError);
    return { kind: 'inline', script: text, ...(note ? { note } : {}) };
}

;// CONCATENATED MODULE: ./src/config/system-image.ts
/**
 * `image`: the user's own system as the guest's userland, instead of one mmdebstrap builds
 * from Debian's archive: an OCI image (an archive, a layout directory, a docker-archive, or a
 * registry reference) or a root filesystem tarball. Parsed and checked here (the file is
 * there); what it holds is read when the userland is prepared (image/system.ts).
 */



const VALID = 'valid: oci-archive:PATH, oci:DIR[:TAG], docker-archive:PATH, docker://REFERENCE or rootfs:PATH (.tar, .tar.gz, .tar.xz, .tar.zst)';
/** The inputs that describe a userland mmdebstrap builds: meaningless with `image`. */
const BUILD_ONLY_INPUTS = ['packages', 'suite'];
function existing(input, given, file, base, dir) {
    const full = external_node_path_default().resolve(base, file);
    if (!(0,external_node_fs_namespaceObject.existsSync)(full))
        throw new errors_InputError(input, `'${given}': ${full} does not exist`);
    const isDir = (0,external_node_fs_namespaceObject.statSync)(full).isDirectory();
    if (dir !== isDir)
        throw new errors_InputError(input, `'${given}': ${full} is ${isDir ? 'a directory' : 'not a directory'}`);
    return full;
}
/** `value` as a SystemImage, or undefined when blank; paths are taken from `base` (the repository). */
function parseSystemImage(value, base, archGiven) {
    if (value === undefined || value.trim() === '')
        return undefined;
    const given = value.trim();
    const colon = given.indexOf(':');
    const scheme = colon > 0 ? given.slice(0, colon) : '';
    const rest = colon > 0 ? given.slice(colon + 1) : '';
    if (rest === '' || /\s/.test(given))
        throw new errors_InputError('image', `'${given}' is not an image (${VALID})`);
    let source;
    switch (scheme) {
        case 'rootfs':
            source = { kind: 'rootfs', path: existing('image', given, rest, base, false) };
            break;
        case 'oci-archive':
        case 'docker-archive':
            source = { kind: 'oci', transport: scheme, reference: existing('image', given, rest, base, false) };
            break;
        case 'oci': {
            // oci:DIR[:TAG]: the tag is what follows the last colon, when DIR alone is a directory.
            const tagAt = rest.lastIndexOf(':');
            const [dir, tag] = tagAt > 0 && !(0,external_node_fs_namespaceObject.existsSync)(external_node_path_default().resolve(base, rest)) ? [rest.slice(0, tagAt), rest.slice(tagAt + 1)] : [rest, ''];
            const full = existing('image', given, dir, base, true);
            source = { kind: 'oci', transport: 'oci', reference: tag ? `${full}:${tag}` : full };
            break;
        }
        case 'docker':
            if (!rest.startsWith('//') || rest.length <= 2)
                throw new errors_InputError('image', `'${given}' is not an image (${VALID})`);
            source = { kind: 'oci', transport: 'docker', reference: rest };
            break;
        default:
            throw new errors_InputError('image', `'${given}' is not an image (${VALID})`);
    }
    return { given, source, archGiven };
}
/** The image in skopeo's syntax. */
function skopeoReference(source) {
    return `${source.transport}:${source.reference}`;
}
/**
 * A registry reference pinned to the digest it was found to have (`//host/name@sha256:…`), so
 * that what is copied is what the cache key names, whatever the tag points to by then. Other
 * transports are files and directories of this machine: as given.
 */
function pinnedSource(source, digest) {
    if (source.kind !== 'oci' || source.transport !== 'docker')
        return source;
    const slash = source.reference.lastIndexOf('/');
    const name = source.reference
        .slice(slash + 1)
        .replace(/@.*$/, '')
        .replace(/:[^:]*$/, '');
    return { ...source, reference: `${source.reference.slice(0, slash + 1)}${name}@${digest}` };
}
/** A registry reference's host, for docker:// (`//host[:port]/name`). */
function registryHost(source) {
    if (source.kind !== 'oci' || source.transport !== 'docker')
        return undefined;
    const first = source.reference.replace(/^\/\//, '').split('/')[0] ?? '';
    return first.includes('.') || first.includes(':') || first === 'localhost' ? first : undefined;
}
/** A registry on this machine's loopback: plain HTTP is taken (no one else can answer there). */
function isLoopbackRegistry(source) {
    const host = registryHost(source);
    if (!host)
        return false;
    const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.split(':')[0];
    return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}
/** The OCI platform of each Debian architecture (skopeo's --override-arch and --override-variant). */
const OCI_PLATFORMS = {
    i386: { architecture: '386' },
    amd64: { architecture: 'amd64' },
    armhf: { architecture: 'arm', variant: 'v7' },
    armel: { architecture: 'arm', variant: 'v5' },
    arm64: { architecture: 'arm64' },
};
/** The Debian architecture of an OCI image's platform, or undefined for one Debian has not. */
function archOfPlatform(architecture, variant) {
    if (architecture === 'arm')
        return variant === 'v5' || variant === 'v6' ? 'armel' : 'armhf';
    return Object.keys(OCI_PLATFORMS).find((arch) => OCI_PLATFORMS[arch].architecture === architecture && arch !== 'armel' && arch !== 'armhf');
}

;// CONCATENATED MODULE: ./src/config/options.ts
/**
 * The one place where what the user typed (command-line flags or action inputs, both as
 * strings) becomes a typed, validated RunOptions. Pure except for the probe checks (the
 * file, and bash -n on its text).
 */







const CLOCK_MODES = ['step', 'boot', 'cross'];
/** sh: the harness is PID 1; systemd: the userland's systemd is, and boots to a target first. */
const INIT_MODES = ['sh', 'systemd'];
/** What `accel` accepts; vm/accel.ts turns it into KVM or TCG. */
const ACCEL_MODES = ['auto', 'kvm', 'tcg'];
/** What `audit` accepts; audit/classify.ts selects the packages it reads. */
const AUDIT_MODES = ['packages', 'all', 'none'];
/**
 * findings: a date that did not pass fails the run; audit: so does a static audit finding;
 * never: report only (the action's step does not fail).
 */
const FAIL_ON = ['findings', 'audit', 'never'];
const DEFAULTS = {
    /** One date on each side of 2038-01-19T03:14:08Z, far enough that a probe does not cross it. */
    dates: ['2038-01-18T00:00:00Z', '2038-01-20T00:00:00Z'],
    arch: 'i386',
    suite: 'bookworm',
    clock: 'step',
    mirror: 'http://deb.debian.org/debian',
    timeoutSeconds: 600,
    accel: 'auto',
    audit: 'packages',
    failOn: 'findings',
    control: 'auto',
    init: 'sh',
    systemdTarget: 'multi-user.target',
    crossMarginSeconds: 30,
    confirm: true,
    parallel: 'auto',
};
const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;
const MAX_TIMEOUT = 24 * 60 * 60;
const MIN_TIMEOUT = 30;
function options_blank(value) {
    return value === undefined || value.trim() === '';
}
/** Splits a list given on several lines, by commas, or both. */
function options_splitList(value, separators) {
    const parts = Array.isArray(value) ? value : value === undefined ? [] : [value];
    return parts
        .flatMap((part) => part.split(separators))
        .map((item) => item.trim())
        .filter((item) => item !== '' && !item.startsWith('#'));
}
/** The dates when none are given: one on each side of the rollover, or with `cross` the rollover itself. */
function defaultDates(clock) {
    return clock === 'cross' ? [formatInstant(ROLLOVER)] : [...DEFAULTS.dates];
}
/** `search` among the dates: the search is on; its scan's dates come in with it. */
const SEARCH_ITEM = 'search';
function parseDates(value, clock = DEFAULTS.clock, search) {
    const items = options_splitList(value, /[\n,]/).filter((item) => item !== SEARCH_ITEM);
    // `rollovers`: the well-known rollovers' edges, as dates of their own.
    const given = items.length > 0 || search ? items : defaultDates(clock);
    const texts = given.flatMap((item) => (item === 'rollovers' ? rolloverDates().map(formatInstant) : [item]));
    // A search's scan: each of its dates once, after those given that it does not repeat.
    if (search) {
        const named = new Set(texts.map((t) => parseInstant(t)?.getTime()));
        texts.push(...searchScanDates(search.from, search.to)
            .filter((d) => !named.has(d.getTime()))
            .map(formatInstant));
    }
    // The RTC holds the date the guest boots at (clock boot); once it runs, the kernel's clock.
    const latest = clock === 'boot' ? LATEST_DATE : LATEST_SET_DATE;
    const dates = [];
    for (const text of texts) {
        const date = parseInstant(text);
        if (!date) {
            throw new errors_InputError('dates', `'${text}' is not an ISO-8601 date or UTC instant (valid: 2038-01-20, 2038-01-19T03:14:08Z)`);
        }
        if (date < EARLIEST_DATE || date >= latest) {
            throw new errors_InputError('dates', `'${text}' is outside the range a guest clock can ${clock === 'boot' ? 'start at with clock boot (the RTC)' : 'be set to (the kernel)'}: ${formatInstant(EARLIEST_DATE)} to before ${formatInstant(latest)}`);
        }
        const same = dates.findIndex((d) => d.getTime() === date.getTime());
        if (same >= 0) {
            const first = texts[same];
            throw new errors_InputError('dates', first === text
                ? `'${text}' is given twice: give each date once`
                : `'${first}' and '${text}' are the same instant: give each date once`);
        }
        dates.push(date);
    }
    return dates;
}
function parseArch(value) {
    const arch = options_blank(value) ? DEFAULTS.arch : value.trim();
    if (!isArch(arch)) {
        throw new errors_InputError('arch', `'${arch}' is not a supported architecture (valid: ${ARCHES.join(', ')})`);
    }
    return arch;
}
function parseSuite(value) {
    const suite = options_blank(value) ? DEFAULTS.suite : value.trim();
    if (!isSuite(suite)) {
        throw new errors_InputError('suite', `'${suite}' is not a supported Debian suite (valid: ${SUITES.join(', ')})`);
    }
    return suite;
}
function parsePackages(value) {
    const names = options_splitList(value, /[\s,]+/);
    for (const name of names) {
        if (!PACKAGE_NAME.test(name)) {
            throw new errors_InputError('packages', `'${name}' is not a Debian package name (lower-case letters, digits, '+', '-', '.'; at least two characters)`);
        }
    }
    return [...new Set(names)].sort();
}
function parseClock(value) {
    const clock = options_blank(value) ? DEFAULTS.clock : value.trim();
    if (!CLOCK_MODES.includes(clock)) {
        throw new errors_InputError('clock', `'${clock}' is not a clock mode (valid: ${CLOCK_MODES.join(', ')})`);
    }
    return clock;
}
function parseMirror(value) {
    const mirror = options_blank(value) ? DEFAULTS.mirror : value.trim();
    let url;
    try {
        url = new URL(mirror);
    }
    catch {
        throw new errors_InputError('mirror', `'${mirror}' is not a URL (valid: http://, https:// or file:// URL of a Debian archive)`);
    }
    if (!['http:', 'https:', 'file:'].includes(url.protocol) || /\s/.test(mirror)) {
        throw new errors_InputError('mirror', `'${mirror}' is not an http://, https:// or file:// URL of a Debian archive`);
    }
    return mirror.replace(/\/+$/, '');
}
/** One of `choices`, or `fallback` for a blank value; anything else names the input and the choices. */
function parseChoice(input, value, choices, fallback) {
    const text = options_blank(value) ? fallback : value.trim();
    if (!choices.includes(text)) {
        throw new errors_InputError(input, `'${text}' is not valid (valid: ${choices.join(', ')})`);
    }
    return text;
}
function parseInit(value) {
    return parseChoice('init', value, INIT_MODES, DEFAULTS.init);
}
function parseSystemdTarget(value) {
    const target = options_blank(value) ? DEFAULTS.systemdTarget : value.trim();
    if (!/^[A-Za-z0-9@:._-]+\.target$/.test(target)) {
        throw new errors_InputError('systemd-target', `'${target}' is not a systemd target name (valid: multi-user.target, graphical.target, …)`);
    }
    return target;
}
const MAX_CROSS_MARGIN = 3600;
function parseCrossMargin(value) {
    if (options_blank(value))
        return DEFAULTS.crossMarginSeconds;
    const text = value.trim();
    const seconds = Number(text);
    if (!/^\d+$/.test(text) || seconds < 1 || seconds > MAX_CROSS_MARGIN) {
        throw new errors_InputError('cross-margin', `'${text}' is not a whole number of seconds from 1 to ${MAX_CROSS_MARGIN}`);
    }
    return seconds;
}
function parseConfirm(value) {
    return parseChoice('confirm', value, ['true', 'false'], DEFAULTS.confirm ? 'true' : 'false') === 'true';
}
/** More guests at once than this is a typing error, whatever the host. */
const MAX_PARALLEL = 32;
/** `auto` (or nothing): undefined, for the host to decide; else a count of guests. */
function parseParallel(value) {
    if (options_blank(value) || value.trim() === 'auto')
        return undefined;
    const text = value.trim();
    const count = Number(text);
    if (!/^\d+$/.test(text) || count < 1 || count > MAX_PARALLEL) {
        throw new errors_InputError('parallel', `'${text}' is not auto or a whole number of guests from 1 to ${MAX_PARALLEL}`);
    }
    return count;
}
function parseAccel(value) {
    return parseChoice('accel', value, ACCEL_MODES, DEFAULTS.accel);
}
function parseAudit(value) {
    return parseChoice('audit', value, AUDIT_MODES, DEFAULTS.audit);
}
function parseFailOn(value) {
    return parseChoice('fail-on', value, FAIL_ON, DEFAULTS.failOn);
}
/** The control as written, the default for none. */
function controlText(value) {
    return options_blank(value) ? DEFAULTS.control : value.trim();
}
/** `auto` (a date before the rollover chosen for every target), `none`, or a date before the rollover. */
function parseControl(value, now) {
    const text = controlText(value);
    if (text === 'none')
        return undefined;
    if (text === 'auto')
        return controlDateFor(now);
    const date = parseInstant(text);
    if (!date) {
        throw new errors_InputError('control', `'${text}' is not valid (valid: auto, none, or a date before ${formatInstant(ROLLOVER)})`);
    }
    if (isAfterRollover(date) || date < EARLIEST_DATE) {
        throw new errors_InputError('control', `'${text}' is not a control date: it must be from ${formatInstant(EARLIEST_DATE)} to before ${formatInstant(ROLLOVER)}`);
    }
    return date;
}
function parseTimeout(value) {
    if (options_blank(value))
        return DEFAULTS.timeoutSeconds;
    const text = value.trim();
    const seconds = Number(text);
    if (!/^\d+$/.test(text) || seconds < MIN_TIMEOUT || seconds > MAX_TIMEOUT) {
        throw new errors_InputError('timeout', `'${text}' is not a whole number of seconds from ${MIN_TIMEOUT} to ${MAX_TIMEOUT}`);
    }
    return seconds;
}
function parseProbe(probe, run, place) {
    const hasProbe = !options_blank(probe);
    const hasRun = !options_blank(run);
    if (hasProbe && hasRun) {
        throw new errors_InputError('probe', 'give either probe (a script file) or run (an inline script), not both');
    }
    if (hasRun) {
        const note = checkScriptText('run', 'the inline script', Buffer.from(run, 'utf8'), place.syntaxError);
        return { kind: 'inline', script: run, ...(note ? { note } : {}) };
    }
    if (!hasProbe)
        return { kind: 'builtin' };
    return { kind: 'file', ...repositoryScript('probe', probe.trim(), place) };
}
/** `Y2038_SNAPSHOT=off` in the environment boots once per date: for benchmarks and comparisons. */
function snapshotsWanted(env) {
    return env.Y2038_SNAPSHOT !== 'off';
}
/**
 * Whether a run starts from a guest kept by an earlier run, and keeps the one it saves.
 * `Y2038_SNAPSHOT=fresh` boots and saves as if for the first time: for benchmarks.
 */
function keptGuestsWanted(env) {
    return env.Y2038_SNAPSHOT !== 'fresh' && snapshotsWanted(env);
}
/**
 * `Y2038_RAM_FILE=on`: restored dates map the saved guest's RAM from a file (vm/ram-file.ts)
 * instead of reading the whole saved state back. Off by default: on the host measured (QEMU
 * 7.2, TCG) a date is no faster, though lighter in memory (README, bench:dates).
 */
function ramFileWanted(env) {
    const value = env.Y2038_RAM_FILE;
    if (value === undefined || value === '' || value === 'off')
        return false;
    if (value === 'on')
        return true;
    throw new errors_InputError('Y2038_RAM_FILE', `'${value}' is not valid (valid: on, off)`);
}
/** What to tell the user of the probe and setup scripts before they run. */
function scriptNotes(options) {
    const probeNote = options.probe.kind === 'builtin' ? undefined : options.probe.note;
    return [probeNote, options.setup?.note].filter((note) => note !== undefined);
}
function defaultCacheDir(env) {
    const base = !options_blank(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : external_node_path_default().join(env.HOME || (0,external_node_os_namespaceObject.homedir)(), '.cache');
    return external_node_path_default().join(base, 'y2038-action');
}
function parseCacheDir(value, env) {
    return options_blank(value) ? defaultCacheDir(env) : external_node_path_default().resolve(value.trim());
}
function optional(key, value) {
    return (value === undefined ? {} : { [key]: value });
}
/** `image`, refused with the inputs that only describe a userland built here. */
function parseImageInput(raw, base) {
    const image = parseSystemImage(raw.image, base, !options_blank(raw.arch));
    if (!image)
        return undefined;
    for (const input of BUILD_ONLY_INPUTS) {
        if (!options_blank(raw[input])) {
            throw new errors_InputError(input, `does not apply with image (the userland is ${image.given}): leave ${input} out`);
        }
    }
    if (!options_blank(raw.init) && raw.init.trim() !== 'sh') {
        throw new errors_InputError('init', `'${raw.init.trim()}' is not available with image: the harness is PID 1 (valid: sh)`);
    }
    return image;
}
function parseOptions(raw, context) {
    const image = parseImageInput(raw, context.repositoryRoot);
    const arch = parseArch(raw.arch);
    const suite = parseSuite(raw.suite);
    const unsupported = unsupportedReason(arch, suite);
    if (unsupported)
        throw new errors_InputError('suite', `${arch} ${suite} cannot boot: ${unsupported}`);
    const clock = parseClock(raw.clock);
    const scripts = {
        repositoryRoot: context.repositoryRoot,
        anywhere: context.scriptsAnywhere ?? false,
        syntaxError: context.syntaxError,
    };
    const control = parseControl(raw.control, context.now ?? new Date());
    const search = parseSearch(raw.search, raw.dates, clock, control, context.now ?? new Date());
    return {
        dates: parseDates(raw.dates, clock, search),
        arch,
        suite,
        packages: parsePackages(raw.packages),
        probe: parseProbe(raw.probe, raw.run, scripts),
        clock,
        mirror: parseMirror(raw.mirror),
        timeoutSeconds: parseTimeout(raw.timeout),
        cacheDir: parseCacheDir(raw.cacheDir, context.env),
        accel: parseAccel(raw.accel),
        audit: parseAudit(raw.audit),
        failOn: parseFailOn(raw.failOn),
        control,
        ...(control && controlText(raw.control) === 'auto' ? { controlIsHostClock: true } : {}),
        debs: parseDebs(raw.debs, context.repositoryRoot),
        ...optional('workdir', parseWorkdir(raw.workdir, context.repositoryRoot)),
        ...optional('setup', parseSetup(raw.setup, scripts)),
        init: parseInit(raw.init),
        systemdTarget: parseSystemdTarget(raw.systemdTarget),
        crossMarginSeconds: parseCrossMargin(raw.crossMargin),
        // A search confirms each change it finds; the scan's dates are not run again unless asked.
        confirm: search && options_blank(raw.confirm) ? false : parseConfirm(raw.confirm),
        ...optional('parallel', parseParallel(raw.parallel)),
        ...optional('search', search),
        ...optional('image', image),
    };
}
/**
 * The search's range: `search: FROM..TO` (either end may be left out), or `search` among the
 * dates for the default, from the control date (or, with `control: none`, the one `auto`
 * would take) to the first second unsigned 32-bit seconds cannot hold. Undefined: no search.
 * The search steps the clock: it needs `clock: step`.
 */
function parseSearch(value, dates, clock, control, now) {
    const asked = options_splitList(dates, /[\n,]/).includes(SEARCH_ITEM);
    if (options_blank(value) && !asked)
        return undefined;
    const text = options_blank(value) ? '' : value.trim();
    const valid = `valid: FROM..TO, two ISO-8601 dates or UTC instants, either left out for its default, e.g. 2030-01-01..2040-01-01`;
    const [fromText, toText, ...rest] = text === '' ? ['', ''] : text.split('..');
    if (toText === undefined || rest.length > 0)
        throw new errors_InputError('search', `'${text}' is not a range (${valid})`);
    const end = (part, fallback) => {
        if (part.trim() === '')
            return fallback;
        const date = parseInstant(part);
        if (!date)
            throw new errors_InputError('search', `'${part.trim()}' in '${text}' is not a date (${valid})`);
        return date;
    };
    const from = end(fromText, control ?? controlDateFor(now));
    const to = end(toText, SEARCH_DEFAULT_END);
    if (clock !== 'step') {
        throw new errors_InputError('clock', `'${clock}' cannot run a search, which sets the clock at each step (valid: step)`);
    }
    if (from >= to) {
        throw new errors_InputError('search', `'${text}' ends at or before it starts: ${formatInstant(from)} to ${formatInstant(to)}`);
    }
    if (from < EARLIEST_DATE || to >= LATEST_SET_DATE) {
        throw new errors_InputError('search', `'${text}' reaches outside the range a guest clock can be set to (the kernel): ${formatInstant(EARLIEST_DATE)} to before ${formatInstant(LATEST_SET_DATE)}`);
    }
    return { from, to };
}

;// CONCATENATED MODULE: ./src/search/observe.ts
/**
 * What one run of the probe says for the search: each line that ran, the guest's clock when
 * it started, and whether it failed. Pure.
 */

/**
 * The lines of the probe that ran, each with its start on the guest's clock and its answer:
 * failed when the date's verdict has a probe finding on it. A line whose start cannot be put
 * on the clock (no clock or uptime read at probe start) is left out, and so is every line of
 * a run whose records were tampered with or whose clock the probe moved.
 */
function observeLines(guest, verdict) {
    if (verdict.outcome === 'tampered' || verdict.outcome === 'clock-moved')
        return [];
    const findings = verdict.findings;
    const observed = [];
    for (const line of guest.lines) {
        const instant = line.firstUptime === undefined ? undefined : guestTimeAt(guest, line.firstUptime);
        if (instant === undefined)
            continue;
        const lastSeen = line.failures.at(-1)?.uptime ?? line.lastUptime;
        const end = lastSeen === undefined ? instant : (guestTimeAt(guest, lastSeen) ?? instant);
        const finding = findings.find((f) => f.stage === 'probe' && f.line === line.line);
        observed.push({
            line: line.line,
            command: line.command,
            instant,
            end: Math.max(end, instant),
            failed: finding !== undefined,
            ...(finding ? { message: finding.message } : {}),
        });
    }
    return observed;
}
/**
 * The units of a run under init: systemd that failed after the clock was set, each at the
 * guest time of its first telling console line; undefined when the run did not watch them to
 * the end (another init, a run cut short) or could not tell the time. A unit whose failure
 * has no time (systemctl listed it, no console line said when) is left out.
 */
function observeUnits(guest, verdict, systemd) {
    if (!systemd || (verdict.outcome !== 'pass' && verdict.outcome !== 'fail'))
        return undefined;
    if (guest.clockAtProbe === undefined)
        return undefined;
    const failed = verdict.findings
        .filter((f) => f.stage === 'services' && f.program !== undefined && f.guestTime !== undefined)
        .map((f) => ({ unit: f.program, at: Date.parse(f.guestTime) / 1000, message: f.message }));
    return { start: guest.clockAtProbe, failed };
}

;// CONCATENATED MODULE: ./src/report/settle.ts
/** A run's dates settled into the report's results: the control's failures set aside, the stages' results. Pure. */




/**
 * The dates of a run from its boots: failures that happen the same way at the control date
 * or before the rollover are set aside (with the reason), and what is left is each date's
 * verdict. The control's own outcome and failures are reported apart.
 */
function settleDates(boots, control) {
    const { verdicts, ignored } = dropBaselineFailures(boots.map(({ date, verdict }) => ({ date, verdict })), control && { date: control.date, verdict: control.verdict });
    const dates = boots.map((boot, i) => ({
        ...boot.result,
        outcome: verdicts[i].verdict.outcome,
        findings: verdicts[i].verdict.findings,
    }));
    return {
        dates,
        findings: dates.flatMap((d) => d.findings),
        ignored: [...boots.flatMap((b) => b.ignored ?? []), ...ignored],
        ...(control
            ? { control: { ...control.result, outcome: control.verdict.outcome, findings: control.verdict.findings } }
            : {}),
    };
}
/** One date as the report keeps it: the judgement, and the facts of its boot. */
function dateRun(facts, judged) {
    const { guest } = facts;
    const reached = guest.clockAtProbe !== undefined;
    const omitted = guest.lines.reduce((sum, line) => sum + line.omittedOutput, 0);
    return {
        date: facts.date,
        verdict: judged.verdict,
        observed: observeLines(guest, judged.verdict),
        ...optionalUnits(observeUnits(guest, judged.verdict, guest.init !== undefined)),
        ...(judged.ignored.length > 0 ? { ignored: judged.ignored } : {}),
        result: {
            date: formatInstant(facts.date),
            bootDate: formatInstant(facts.rtcBase),
            clock: facts.clock,
            ...(facts.fromSnapshot ? { fromSnapshot: true } : {}),
            durationSeconds: Math.round(facts.durationMs / 100) / 10,
            reachedProbe: reached,
            ...(reached ? { guestClockAtProbe: formatInstant(new Date(guest.clockAtProbe * 1000)) } : {}),
            ...(guest.timeT ? { timeT: guest.timeT } : {}),
            ...(omitted > 0 ? { omittedOutputLines: omitted } : {}),
            consoleLog: facts.consoleLog,
            ...stageResults(facts.stages, facts.fromSnapshot),
            ...(facts.out ? { out: facts.out } : {}),
            ...(guest.init ? { init: guest.init } : {}),
            ...(judged.services ? { services: judged.services } : {}),
            ...(facts.crossing ? { crossing: formatInstant(facts.date) } : {}),
        },
    };
}
/** The stages that ran, as the report shows them. */
function stageResults(stages, fromSnapshot) {
    const ran = stages.filter((s) => s.ran);
    if (ran.length === 0)
        return {};
    return {
        stages: ran.map((s) => ({
            stage: s.stage,
            outcome: s.outcome,
            ...(s.clockAtStart ? { clockAtStart: s.clockAtStart } : {}),
            ...(fromSnapshot ? { fromSnapshot: true } : {}),
        })),
    };
}
/** A date that did not run because a stage of the saved boot failed: that stage's verdict, restamped. */
function stoppedByStage(date, failed, clock) {
    const stages = failed.stages.map((s) => stageForDate(s, date));
    return {
        date,
        verdict: withStages(stages, () => {
            throw new Error('unreachable: a stage failed');
        }),
        result: {
            date: formatInstant(date),
            bootDate: formatInstant(failed.bootDate),
            clock,
            durationSeconds: failed.durationSeconds,
            reachedProbe: false,
            consoleLog: failed.consoleLog,
            ...stageResults(stages, true),
        },
    };
}
function optionalUnits(units) {
    return units ? { observedUnits: units } : {};
}

;// CONCATENATED MODULE: ./src/host/emulation.ts
/**
 * i386 programs on an x86-64 host. Most such hosts run them natively, but not all: a kernel
 * without IA32 emulation runs none ("Exec format error"), and one built without
 * CONFIG_COMPAT_32BIT_TIME runs them but refuses their 32-bit time calls, which breaks
 * i386 glibc's futex (actions/runner-images#9977). arch-test sees only the first. So a tiny
 * i386 program that makes those calls decides; where it fails, qemu-user runs the build's
 * i386 programs, through a binfmt_misc handler of this tool's own (flag F: the interpreter
 * works inside the chroot), removed again once the build is done.
 */





/**
 * A static i386 program of 157 bytes, assembled by hand: clock_gettime (syscall 265) and
 * futex (240), both with a 32-bit time; exit status 0 when the kernel has both, 3 when
 * either is missing (ENOSYS). It waits for nothing (the futex word does not match).
 */
const I386_TIME32_PROGRAM = Buffer.from('7f454c46010101000000000000000000020003000100000054800408340000000000000000000000340020000100000000000000' +
    '010000000000000000800408008004089d0000009d000000050000000010000083ec10b80901000031db89e1cd8083f8da742ac7' +
    '44240800000000b8f00000008d5c240831c9ba0100000089e6cd8083f8da7409b80100000031dbcd80b801000000bb03000000cd80', 'hex');
/** The name of this tool's handler under /proc/sys/fs/binfmt_misc. */
const HANDLER_NAME = 'y2038-qemu-i386';
const BINFMT_DIR = '/proc/sys/fs/binfmt_misc';
const QEMU_I386 = '/usr/bin/qemu-i386-static';
/** The line that registers qemu-i386 for i386 ELF executables (binfmt_misc's own \x escapes). */
function i386HandlerRule(interpreter = QEMU_I386, name = HANDLER_NAME) {
    const magic = '\\x7fELF\\x01\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\x03\\x00';
    const mask = '\\xff\\xff\\xff\\xff\\xff\\xfe\\xfe\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff';
    return `:${name}:M::${magic}:${mask}:${interpreter}:F`;
}
/** The architectures `Y2038_FORCE_EMULATION` names (for tests: build under qemu-user where the host needs none). */
function forcedEmulation(env) {
    return (env.Y2038_FORCE_EMULATION ?? '')
        .split(/[\s,]+/)
        .map((a) => a.trim())
        .filter((a) => a !== '');
}
/** Runs the i386 program: undefined when it exits 0, else why it did not. */
async function i386Time32Problem(runner) {
    const dir = (0,external_node_fs_namespaceObject.mkdtempSync)(external_node_path_default().join(external_node_os_default().tmpdir(), 'y2038-i386-'));
    try {
        const program = external_node_path_default().join(dir, 'time32');
        (0,external_node_fs_namespaceObject.writeFileSync)(program, I386_TIME32_PROGRAM, { mode: 0o755 });
        const result = await runner.run(program, []).catch((error) => ({ code: null, error }));
        if ('error' in result)
            return `it cannot run them (${result.error.message})`;
        if (result.code === 0)
            return undefined;
        if (result.code === 3)
            return 'its kernel refuses their 32-bit time calls (no CONFIG_COMPAT_32BIT_TIME)';
        return `an i386 program exited with status ${result.code}`;
    }
    finally {
        (0,external_node_fs_namespaceObject.rmSync)(dir, { recursive: true, force: true });
    }
}
function writeProc(file, text) {
    const [command, args] = privilegedArgv('sh', ['-c', 'printf "%s" "$1" > "$2"', 'sh', text, file], isRoot());
    return [command, ...args];
}
/**
 * Makes i386 programs run on this host for a build: natively when they can, else under
 * qemu-user with this tool's handler. Returns what undoes it (nothing to undo when the host
 * needed no help, or a handler for i386 was there before).
 */
async function ensureI386(runner, log, env) {
    const nothing = async () => undefined;
    const forced = forcedEmulation(env).includes('i386');
    const problem = forced ? 'Y2038_FORCE_EMULATION asks for emulation' : await i386Time32Problem(runner);
    if (!problem)
        return nothing;
    const existing = ['qemu-i386', HANDLER_NAME].find((name) => (0,external_node_fs_namespaceObject.existsSync)(external_node_path_default().join(BINFMT_DIR, name)));
    if (existing && !forced) {
        throw new ToolError(`i386 programs do not run here (${problem}) although the binfmt_misc handler ${existing} is registered`);
    }
    if (!(0,external_node_fs_namespaceObject.existsSync)(QEMU_I386))
        throw new ToolError(`i386 programs do not run here (${problem}) and ${QEMU_I386} is missing`);
    log.info(`This machine does not run i386 programs as the build needs (${problem}): building under qemu-user emulation, which is slower`);
    if (!(0,external_node_fs_namespaceObject.existsSync)(external_node_path_default().join(BINFMT_DIR, HANDLER_NAME))) {
        const [command, ...args] = writeProc(external_node_path_default().join(BINFMT_DIR, 'register'), i386HandlerRule());
        const registered = await runner.run(command, args);
        if (registered.code !== 0) {
            throw new ToolError(`could not register qemu-i386 with binfmt_misc: ${registered.stderr.trim() || `status ${registered.code}`}`);
        }
    }
    const remove = () => {
        const [command, ...args] = writeProc(external_node_path_default().join(BINFMT_DIR, HANDLER_NAME), '-1');
        runSync(command, args);
    };
    const forget = onInterrupt(remove);
    const still = await i386Time32Problem(runner);
    if (still) {
        forget();
        remove();
        throw new ToolError(`i386 programs do not run here even under qemu-user: ${still}`);
    }
    return async () => {
        forget();
        const [command, ...args] = writeProc(external_node_path_default().join(BINFMT_DIR, HANDLER_NAME), '-1');
        await runner.run(command, args);
    };
}

;// CONCATENATED MODULE: ./src/host/tools.ts
/**
 * The runner's side: makes sure mmdebstrap, QEMU and their helpers are installed, with
 * apt (through sudo when not root). Never prompts.
 */





function hostRequirements(target) {
    return [
        { check: { program: 'mmdebstrap' }, package: 'mmdebstrap', why: 'builds the root filesystem' },
        { check: { program: 'mkfs.erofs' }, package: 'erofs-utils', why: 'makes the root filesystem image' },
        {
            check: { file: '/usr/share/keyrings/debian-archive-keyring.gpg' },
            package: 'debian-archive-keyring',
            why: "verifies Debian's archive",
        },
        { check: { program: target.machine.qemuBinary }, package: target.machine.qemuPackage, why: 'boots the guest' },
        ...(target.machine.firmware
            ? [
                {
                    check: { file: target.machine.firmware.file },
                    package: target.machine.firmware.package,
                    why: 'firmware for a fast boot',
                    optional: true,
                },
            ]
            : []),
    ];
}
function onPath(program, envPath = process.env.PATH ?? '') {
    const dirs = [...envPath.split(':'), '/usr/sbin', '/sbin'];
    return dirs.some((dir) => dir !== '' && (0,external_node_fs_namespaceObject.existsSync)(external_node_path_default().join(dir, program)));
}
function isMet(requirement) {
    return 'file' in requirement.check ? (0,external_node_fs_namespaceObject.existsSync)(requirement.check.file) : onPath(requirement.check.program);
}
async function ensureHostTools(target, runner, log) {
    return installMissing(hostRequirements(target), runner, log);
}
let aptUpdated = false;
async function installMissing(requirements, runner, log) {
    const missing = requirements.filter((r) => !isMet(r));
    const packages = [...new Set(missing.map((r) => r.package))];
    if (packages.length === 0)
        return [];
    if (!onPath('apt-get')) {
        throw new ToolError(`missing ${packages.join(', ')} and there is no apt-get to install them: install them by hand`);
    }
    for (const requirement of missing) {
        log.info(`Installing ${requirement.package} (${requirement.why})`);
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    // Package lists once per run: the emulation packages may come after QEMU's.
    if (!aptUpdated) {
        aptUpdated = true;
        const update = await runner.run('apt-get', ['-q', 'update'], { privileged: true, env });
        if (update.code !== 0) {
            log.warn(`apt-get update failed (going on with the package lists there are): ${lastLine(update.stderr)}`);
        }
    }
    const install = await runner.run('apt-get', ['-q', '-y', '--no-install-recommends', 'install', ...packages], {
        privileged: true,
        env,
    });
    if (install.code !== 0) {
        throw new ToolError(`could not install ${packages.join(', ')} with apt-get: ${lastLine(install.stderr || install.stdout)}`);
    }
    const still = missing.filter((r) => !isMet(r) && !r.optional);
    if (still.length > 0) {
        throw new ToolError(`installed ${packages.join(', ')} but ${still.map((r) => r.package).join(', ')} is still missing`);
    }
    return packages;
}
const EMULATION = [
    { check: { program: 'arch-test' }, package: 'arch-test', why: 'checks which architectures this machine can run' },
    {
        check: { program: 'qemu-arm-static' },
        package: 'qemu-user-static',
        why: 'runs foreign-architecture programs during the build',
    },
    { check: { program: 'update-binfmts' }, package: 'binfmt-support', why: 'registers qemu-user with the kernel' },
];
async function archRuns(arch, runner) {
    const result = await runner.run('arch-test', [arch]).catch(() => undefined);
    return result?.code === 0 && /: ok/.test(result.stdout);
}
/**
 * mmdebstrap runs the guest's programs (maintainer scripts, depmod, update-initramfs)
 * while it builds: a foreign architecture needs qemu-user registered with binfmt_misc.
 * Sets that up when missing, then checks each architecture with arch-test.
 */
async function ensureArchesRunnable(arches, runner, log, env = process.env) {
    await installMissing(EMULATION.slice(0, 1), runner, log);
    let release = async () => undefined;
    let rest = arches;
    // i386 on x86-64: natively where the kernel runs it whole (a program tells), else emulated.
    if (process.arch === 'x64' && arches.includes('i386')) {
        rest = arches.filter((arch) => arch !== 'i386');
        if (forcedEmulation(env).includes('i386') || (await i386Time32Problem(runner))) {
            await installMissing(EMULATION, runner, log);
            await mountBinfmt(runner);
            release = await ensureI386(runner, log, env);
        }
    }
    const foreign = [];
    for (const arch of rest)
        if (!(await archRuns(arch, runner)))
            foreign.push(arch);
    if (foreign.length === 0)
        return release;
    log.info(`Setting up qemu-user emulation for ${foreign.join(', ')}`);
    await installMissing(EMULATION, runner, log);
    await mountBinfmt(runner);
    await runner.run('update-binfmts', ['--enable'], { privileged: true });
    const still = [];
    for (const arch of foreign)
        if (!(await archRuns(arch, runner)))
            still.push(arch);
    if (still.length > 0) {
        await release();
        throw new ToolError(`this machine cannot run ${still.join(', ')} programs even with qemu-user-static and binfmt_misc (arch-test ${still[0]} fails): the guest cannot be built here`);
    }
    return release;
}
/** On a bare machine binfmt_misc may not be mounted (seen on Debian 12 in a container). */
async function mountBinfmt(runner) {
    if (!(0,external_node_fs_namespaceObject.existsSync)('/proc/sys/fs/binfmt_misc/status')) {
        await runner.run('mount', ['-t', 'binfmt_misc', 'binfmt_misc', '/proc/sys/fs/binfmt_misc'], { privileged: true });
    }
}
/** What reading the user's own system (`image`) takes: skopeo and umoci for an OCI image, patchelf for the harness's programs. */
function systemRequirements(source) {
    return [
        ...(source.kind === 'oci'
            ? [
                { check: { program: 'skopeo' }, package: 'skopeo', why: 'reads and pulls the OCI image' },
                { check: { program: 'umoci' }, package: 'umoci', why: "unpacks the OCI image's layers" },
            ]
            : []),
        { check: { program: 'patchelf' }, package: 'patchelf', why: "links the harness's own programs to their place" },
    ];
}
async function ensureSystemTools(source, runner, log) {
    return installMissing(systemRequirements(source), runner, log);
}

;// CONCATENATED MODULE: ./src/debian/mirror.ts
/**
 * The one client of the Debian mirror on the host, making requests the way apt does: the
 * URL's credentials sent as Basic authorization (Node's fetch refuses a URL that holds
 * them), never shown in a message. Proxies are apt's: Node's fetch connects directly, so
 * behind a proxy the host asks nothing first and the build is the check.
 */



/** A proxy is set: a direct request says nothing of what apt, through the proxy, will see. */
function proxySet(env = process.env) {
    return ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY'].some((name) => env[name]);
}
/** What to fetch for `url`: the URL without credentials, and the header that carries them. */
function mirrorRequest(url) {
    const target = new URL(url);
    const headers = {};
    if (target.username || target.password) {
        const credentials = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
        headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
        target.username = '';
        target.password = '';
    }
    return { href: target.href, headers, shown: redactCredentials(url) };
}
/** A failed request's reason in one line: the system's code (ECONNREFUSED) where there is one. */
function describeError(error) {
    const cause = error.cause;
    const text = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    return text.split('\n')[0];
}
function isTimeout(error) {
    return (error instanceof Error &&
        (error.name === 'TimeoutError' || (error.cause instanceof Error && error.cause.name === 'TimeoutError')));
}
/**
 * Node's fetch did not try: the port is one the Fetch standard blocks (9, 25, 6000, ...).
 * apt connects to it, so this says nothing of the mirror.
 */
function fetchRefusedPort(error) {
    return describeError(error) === 'bad port';
}
/**
 * Asks the mirror for the suite's InRelease before building, so that an unreachable
 * mirror or an unknown suite fails in a second with a clear message.
 */
async function checkMirror(mirror, suite, fetcher = fetch, env = process.env) {
    const url = `${mirror}/dists/${suite}/InRelease`;
    if (mirror.startsWith('file:')) {
        if (!(0,external_node_fs_namespaceObject.existsSync)(new URL(url))) {
            throw new errors_InputError('mirror', `${mirror} has no dists/${suite}/InRelease: not a Debian archive, or no suite '${suite}' there`);
        }
        return;
    }
    // Behind a proxy the answer of a direct request says nothing; mmdebstrap will tell.
    if (proxySet(env))
        return;
    const { href, headers } = mirrorRequest(url);
    let response;
    try {
        response = await fetcher(href, { method: 'HEAD', headers, signal: AbortSignal.timeout(20_000), redirect: 'follow' });
    }
    catch (error) {
        // A port fetch will not use is no answer about the mirror: mmdebstrap connects and says what it finds.
        if (fetchRefusedPort(error))
            return;
        throw new errors_InputError('mirror', `cannot reach ${mirror} (${describeError(error)})`);
    }
    if (response.status === 404) {
        throw new errors_InputError('suite', `'${suite}' was not found at ${mirror} (no dists/${suite}/InRelease)`);
    }
    if (!response.ok) {
        throw new errors_InputError('mirror', `${mirror} answered HTTP ${response.status} for dists/${suite}/InRelease`);
    }
}

;// CONCATENATED MODULE: external "node:stream"
const external_node_stream_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");
;// CONCATENATED MODULE: external "node:stream/promises"
const external_node_stream_promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");
;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
;// CONCATENATED MODULE: ./src/debian/apt-index.ts
/**
 * What a Debian mirror can install, read from its Packages indexes before a long build:
 * relation fields (Depends syntax), Packages stanzas, dpkg's version order, and which
 * relations no package of the index (or of the user's own .deb files) can satisfy.
 * Everything is pure but `fetchPackagesIndex`, the edge that downloads and decompresses.
 */











// ---------------------------------------------------------------------------------------
// Versions
/**
 * dpkg's order of two versions (`[epoch:]upstream[-revision]`): negative, zero or positive.
 * Epochs compare as numbers; upstream and revision alternate non-digit runs (letters before
 * other characters, `~` before everything, even the end) and digit runs (as numbers).
 * A missing epoch is 0, a missing revision compares equal to "0".
 */
function compareVersions(a, b) {
    const left = splitVersion(a);
    const right = splitVersion(b);
    if (left.epoch !== right.epoch)
        return left.epoch < right.epoch ? -1 : 1;
    return Math.sign(verrevcmp(left.upstream, right.upstream) || verrevcmp(left.revision, right.revision));
}
function splitVersion(version) {
    const text = version.trim();
    const colon = text.indexOf(':');
    const epoch = colon > 0 ? Number(text.slice(0, colon)) || 0 : 0;
    const rest = text.slice(colon + 1);
    const dash = rest.lastIndexOf('-');
    return dash < 0
        ? { epoch, upstream: rest, revision: '' }
        : { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) };
}
const isDigit = (code) => code >= 48 && code <= 57;
/** The weight dpkg gives a character of a non-digit run (NaN, past the end, weighs 0). */
function order(code) {
    if (Number.isNaN(code) || isDigit(code))
        return 0;
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122))
        return code;
    if (code === 126)
        return -1; // '~'
    return code + 256;
}
/** dpkg's verrevcmp (lib/dpkg/version.c), for one part of a version. */
function verrevcmp(a, b) {
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
        while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
            const ac = order(a.charCodeAt(i));
            const bc = order(b.charCodeAt(j));
            if (ac !== bc)
                return ac - bc;
            i++;
            j++;
        }
        while (a.charCodeAt(i) === 48)
            i++;
        while (b.charCodeAt(j) === 48)
            j++;
        let firstDiff = 0;
        while (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
            if (!firstDiff)
                firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
            i++;
            j++;
        }
        if (isDigit(a.charCodeAt(i)))
            return 1;
        if (isDigit(b.charCodeAt(j)))
            return -1;
        if (firstDiff)
            return firstDiff;
    }
    return 0;
}
/** Whether `version` stands in relation `op` to `wanted` (`1.2 >= 1.0` is true). */
function satisfiesVersion(version, op, wanted) {
    const c = compareVersions(version, wanted);
    switch (op) {
        case '<<':
            return c < 0;
        case '<=':
            return c <= 0;
        case '=':
            return c === 0;
        case '>=':
            return c >= 0;
        case '>>':
            return c > 0;
    }
}
const ALTERNATIVE = /^([A-Za-z0-9][A-Za-z0-9+.-]*)(?::([A-Za-z0-9-]+))?\s*(?:\(\s*(<<|<=|>=|>>|=|<|>)\s*([^\s()]+)\s*\))?\s*(?:\[([^\]]*)\])?\s*((?:<[^<>]*>\s*)*)$/;
/**
 * Parses a relation field (Depends, Pre-Depends, Build-Depends syntax):
 * `a (>= 1.2) | b:any, c [i386], d <!nocheck>` gives three groups.
 *
 * Restrictions decide whether an alternative is kept, and a group left with no alternative
 * is dropped (it does not apply):
 * - `[i386 linux-any]` keeps it when `options.arch` matches one term, `[!i386 !armel]` when
 *   it matches none; without `options.arch` every alternative is kept.
 * - `<!nocheck> <stage1 cross>` keeps it when every term of one `<...>` list holds for
 *   `options.profiles` (none active by default, as in a normal build).
 * The obsolete `<` and `>` mean `<=` and `>=`, as dpkg reads them.
 * Throws an Error naming the alternative that is not valid syntax.
 */
function parseRelations(field, options = {}) {
    const groups = [];
    for (const raw of field.split(',')) {
        const text = raw.trim().replace(/\s+/g, ' ');
        if (text === '')
            continue;
        const alternatives = [];
        for (const part of text.split('|')) {
            const match = ALTERNATIVE.exec(part.trim());
            if (!match)
                throw new Error(`'${part.trim()}' is not a Debian relation (in '${text}')`);
            const [, name, arch, op, version, archList, profileLists] = match;
            if (archList !== undefined && !archRestrictionHolds(archList, options.arch, part))
                continue;
            if (profileLists && !profilesHold(profileLists, options.profiles ?? []))
                continue;
            const relation = { name: name.toLowerCase() };
            if (arch !== undefined)
                relation.arch = arch.toLowerCase();
            if (op !== undefined) {
                relation.op = op === '<' ? '<=' : op === '>' ? '>=' : op;
                relation.version = version;
            }
            alternatives.push(relation);
        }
        if (alternatives.length > 0)
            groups.push({ text, alternatives });
    }
    return groups;
}
/** `[...]`: true without a target architecture (nothing to decide on). */
function archRestrictionHolds(list, arch, part) {
    const terms = list.trim().split(/\s+/).filter(Boolean);
    const negated = terms.filter((t) => t.startsWith('!'));
    if (terms.length === 0 || (negated.length > 0 && negated.length < terms.length)) {
        throw new Error(`'${part.trim()}' has an architecture restriction that mixes negated and plain terms, or is empty`);
    }
    if (arch === undefined)
        return true;
    if (negated.length > 0)
        return !negated.some((t) => archMatches(t.slice(1), arch));
    return terms.some((t) => archMatches(t, arch));
}
/**
 * Whether an architecture name or wildcard (`any`, `linux-any`, `any-arm`, `hurd-i386`)
 * covers a Debian architecture. Architectures without an OS part are Linux ones; the CPU of
 * armel/armhf is `arm`, of x32 `amd64`, of the others their own name.
 */
function archMatches(term, arch) {
    if (term === arch || term === 'any')
        return true;
    const [termOs, termCpu] = term.includes('-') ? term.split('-', 2) : [undefined, undefined];
    if (termOs === undefined)
        return false;
    const [os, cpu] = arch.includes('-') ? arch.split('-', 2) : ['linux', CPU_OF[arch] ?? arch];
    return (termOs === 'any' || termOs === os) && (termCpu === 'any' || termCpu === cpu);
}
const CPU_OF = { armel: 'arm', armhf: 'arm', x32: 'amd64', powerpcspe: 'powerpc' };
/** `<a !b> <c>`: one list whose terms all hold is enough. */
function profilesHold(lists, active) {
    return [...lists.matchAll(/<([^<>]*)>/g)].some(([, list]) => list
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .every((term) => (term.startsWith('!') ? !active.includes(term.slice(1)) : active.includes(term))));
}
function emptyIndex() {
    return { packages: new Map(), provides: new Map(), stanzas: 0 };
}
/** Adds one package to an index. */
function addToIndex(index, pkg) {
    const same = index.packages.get(pkg.name);
    if (same)
        same.push(pkg);
    else
        index.packages.set(pkg.name, [pkg]);
    for (const provided of pkg.provides) {
        const entry = provided.version === undefined ? { by: pkg } : { by: pkg, version: provided.version };
        const providers = index.provides.get(provided.name);
        if (providers)
            providers.push(entry);
        else
            index.provides.set(provided.name, [entry]);
    }
    index.stanzas++;
}
/** One index holding every package of several (one per architecture, say). */
function mergeIndexes(indexes) {
    const merged = emptyIndex();
    for (const index of indexes) {
        for (const stanzas of index.packages.values())
            for (const pkg of stanzas)
                addToIndex(merged, pkg);
    }
    return merged;
}
/** `Provides: a (= 1), b`; anything that is not a name with an optional `= version` is skipped. */
function parseProvides(field) {
    const provided = [];
    for (const raw of field.split(',')) {
        const match = /^([A-Za-z0-9][A-Za-z0-9+.-]*)(?::[A-Za-z0-9-]+)?\s*(?:\(\s*=\s*([^\s()]+)\s*\))?$/.exec(raw.trim());
        if (!match)
            continue;
        provided.push(match[2] === undefined ? { name: match[1] } : { name: match[1], version: match[2] });
    }
    return provided;
}
const KEPT_FIELDS = new Set(['package', 'version', 'architecture', 'provides', 'multi-arch']);
/**
 * Reads Packages text as it arrives, in chunks cut anywhere, line by line: each line is
 * looked at once, and only Package, Version, Architecture, Provides and Multi-Arch are kept
 * (folded continuation lines included). A stanza without Package or Version is skipped.
 * `end()` finishes the current text and returns the index; more text may follow (another
 * component's file) and goes into the same index.
 */
class PackagesParser {
    index;
    rest = '';
    field;
    stanza = {};
    constructor(index = emptyIndex()) {
        this.index = index;
    }
    write(chunk) {
        const text = this.rest + chunk;
        let start = 0;
        for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
            this.line(text, start, newline);
            start = newline + 1;
        }
        this.rest = text.slice(start);
    }
    end() {
        if (this.rest !== '')
            this.line(this.rest, 0, this.rest.length);
        this.rest = '';
        this.finishStanza();
        return this.index;
    }
    /** The line text[start, end), without its newline. */
    line(text, start, end) {
        if (end > start && text.charCodeAt(end - 1) === 13)
            end--; // CRLF
        if (start === end) {
            this.finishStanza();
            return;
        }
        const first = text.charCodeAt(start);
        if (first === 32 || first === 9) {
            // A continuation line: only a kept field's matters.
            if (this.field) {
                const more = text.slice(start, end).trim();
                if (more !== '')
                    this.stanza[this.field] = `${this.stanza[this.field] ?? ''} ${more}`;
            }
            return;
        }
        this.field = undefined;
        // Kept fields start with a, m, p or v (either case): the other lines are not sliced at all.
        const lower = first | 32;
        if (lower !== 97 && lower !== 109 && lower !== 112 && lower !== 118)
            return;
        const colon = text.indexOf(':', start);
        if (colon < 0 || colon > end)
            return;
        const name = text.slice(start, colon).toLowerCase();
        if (!KEPT_FIELDS.has(name))
            return;
        this.field = name;
        this.stanza[this.field] = text.slice(colon + 1, end).trim();
    }
    finishStanza() {
        const { package: name, version, architecture, provides } = this.stanza;
        const multiArch = this.stanza['multi-arch']?.toLowerCase();
        this.stanza = {};
        this.field = undefined;
        if (!name || !version)
            return;
        const pkg = {
            name: name.toLowerCase(),
            version,
            architecture: architecture ?? '',
            provides: provides ? parseProvides(provides) : [],
        };
        if (multiArch && multiArch !== 'no')
            pkg.multiArch = multiArch;
        addToIndex(this.index, pkg);
    }
}
/** The index of a whole Packages text. */
function parsePackagesIndex(text, index) {
    const parser = new PackagesParser(index);
    parser.write(text);
    return parser.end();
}
/**
 * The groups of `relations` (a field's text, or parsed groups) that no alternative can
 * satisfy, with the text each was written as. An alternative is satisfied by a package of
 * its name whose version fits, or by a package providing its name: an unversioned relation
 * by any Provides, a versioned one only by a Provides with a version that fits. `name:any`
 * needs a Multi-Arch: allowed package (or provider), `name:<arch>` one of that architecture.
 */
function unsatisfiable(relations, index, options = {}) {
    const groups = typeof relations === 'string' ? parseRelations(relations, options) : relations;
    const local = presentIndex(options.present ?? []);
    return groups.filter((group) => !group.alternatives.some((relation) => satisfiedBy(relation, index, options.arch) || satisfiedBy(relation, local, options.arch)));
}
function presentIndex(present) {
    const index = emptyIndex();
    for (const item of present) {
        const given = typeof item === 'string' ? { name: item } : item;
        const pkg = {
            name: given.name.toLowerCase(),
            architecture: given.architecture ?? '',
            provides: given.provides ? parseProvides(given.provides) : [],
        };
        if (given.version !== undefined)
            pkg.version = given.version;
        if (given.multiArch !== undefined && given.multiArch !== 'no')
            pkg.multiArch = given.multiArch;
        addToIndex(index, pkg);
    }
    return index;
}
function satisfiedBy(relation, index, arch) {
    for (const pkg of index.packages.get(relation.name) ?? []) {
        if (!archFits(relation, pkg, arch))
            continue;
        if (relation.op === undefined || pkg.version === undefined)
            return true;
        if (satisfiesVersion(pkg.version, relation.op, relation.version))
            return true;
    }
    for (const provider of index.provides.get(relation.name) ?? []) {
        if (!archFits(relation, provider.by, arch))
            continue;
        if (relation.op === undefined)
            return true;
        if (provider.version !== undefined && satisfiesVersion(provider.version, relation.op, relation.version)) {
            return true;
        }
    }
    return false;
}
function archFits(relation, pkg, arch) {
    if (pkg.architecture === '')
        return true;
    const qualifier = relation.arch;
    if (qualifier === 'any')
        return pkg.multiArch === 'allowed';
    if (qualifier === undefined || qualifier === 'native') {
        if (arch === undefined || pkg.architecture === arch || pkg.architecture === 'all')
            return true;
        return qualifier === undefined && pkg.multiArch === 'foreign';
    }
    return pkg.architecture === qualifier || (pkg.architecture === 'all' && (arch === undefined || arch === qualifier));
}
/**
 * The names (a `:arch` qualifier is ignored) that are neither a package of the index nor
 * provided by one, in the order given.
 */
function missingPackages(packages, index) {
    return packages.filter((name) => {
        const bare = name.split(':')[0].toLowerCase();
        return !index.packages.has(bare) && !index.provides.has(bare);
    });
}
// ---------------------------------------------------------------------------------------
// The edge: fetching an index
/** Fetching or reading an index failed; `url` is the one that did (without credentials). */
class IndexFetchError extends Error {
    url;
    status;
    constructor(url, detail, status, options) {
        super(`${url}: ${detail}`, options);
        this.url = url;
        this.status = status;
        this.name = 'IndexFetchError';
    }
}
/** The compressions tried, in order: the first the mirror has is read. */
const FORMATS = ['.xz', '.gz', ''];
/**
 * The Packages index of `arch` in `components` of `suite` at `mirror` (http://, https://
 * or file://), all components in one index. Architecture: all packages are listed in each
 * binary-<arch> file, so they are there too. For each component it reads Packages.xz, else
 * Packages.gz, else Packages; only a file that is not there (HTTP 404 or 410, no such file)
 * moves on to the next. Any other failure throws an IndexFetchError naming the URL.
 * Proxies are not used: Node's fetch connects directly.
 */
async function fetchPackagesIndex(mirror, suite, arch, components = ['main'], options = {}) {
    const parser = new PackagesParser();
    for (const component of components) {
        const dir = `${mirror.replace(/\/+$/, '')}/dists/${suite}/${component}/binary-${arch}/`;
        await readIndexDir(dir, parser, options);
        parser.end();
    }
    return parser.index;
}
async function readIndexDir(dir, parser, options) {
    const missing = [];
    for (const format of FORMATS) {
        const url = `${dir}Packages${format}`;
        const found = dir.startsWith('file:')
            ? await readFileIndex(url, format, parser, options)
            : await readHttpIndex(url, format, parser, options);
        if (found === true)
            return;
        missing.push(found);
    }
    throw new IndexFetchError(redactCredentials(dir), `no Packages index (Packages.xz, Packages.gz, Packages: ${[...new Set(missing)].join(', ')})`);
}
/** True when read, else why the file is not there. */
async function readFileIndex(url, format, parser, options) {
    const file = (0,external_node_url_namespaceObject.fileURLToPath)(url);
    try {
        await (0,promises_namespaceObject.stat)(file);
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT' || code === 'ENOTDIR')
            return 'no such file';
        throw new IndexFetchError(url, `cannot read it (${code ?? error.message})`, undefined, { cause: error });
    }
    if (format === '.xz') {
        await unxz(file, url, parser, options.runner);
        return true;
    }
    try {
        await parseStream((0,external_node_fs_namespaceObject.createReadStream)(file), format, parser);
    }
    catch (error) {
        throw new IndexFetchError(url, `cannot read it (${describeError(error)})`, undefined, { cause: error });
    }
    return true;
}
async function readHttpIndex(url, format, parser, options) {
    const timeoutMs = options.timeoutMs ?? 120_000;
    const { href, headers, shown } = mirrorRequest(url);
    const port = new URL(url).port;
    const failed = (error) => new IndexFetchError(shown, isTimeout(error)
        ? `timed out after ${timeoutMs / 1000} s`
        : fetchRefusedPort(error)
            ? `not read: Node's fetch does not connect to port ${port} (a port the Fetch standard blocks; apt does)`
            : `cannot fetch it (${describeError(error)})`, undefined, { cause: error });
    let response;
    try {
        response = await (options.fetcher ?? fetch)(href, {
            headers,
            redirect: 'follow',
            signal: AbortSignal.timeout(timeoutMs),
        });
    }
    catch (error) {
        throw failed(error);
    }
    if (response.status === 404 || response.status === 410) {
        await response.body?.cancel();
        return `HTTP ${response.status}`;
    }
    if (!response.ok || !response.body) {
        await response.body?.cancel();
        throw new IndexFetchError(shown, `HTTP ${response.status} ${response.statusText}`.trim(), response.status);
    }
    const body = external_node_stream_namespaceObject.Readable.fromWeb(response.body);
    if (format !== '.xz') {
        try {
            await parseStream(body, format, parser);
        }
        catch (error) {
            throw failed(error);
        }
        return true;
    }
    const dir = await (0,promises_namespaceObject.mkdtemp)(external_node_path_default().join(external_node_os_default().tmpdir(), 'y2038-packages-'));
    try {
        const file = external_node_path_default().join(dir, 'Packages.xz');
        try {
            await (0,external_node_stream_promises_namespaceObject.pipeline)(body, (0,external_node_fs_namespaceObject.createWriteStream)(file));
        }
        catch (error) {
            throw failed(error);
        }
        await unxz(file, shown, parser, options.runner);
    }
    finally {
        await (0,promises_namespaceObject.rm)(dir, { recursive: true, force: true });
    }
    return true;
}
/**
 * Packages text read as latin1: the fields kept are ASCII, and a byte-per-character
 * decoding cannot be cut inside a character at a chunk's edge.
 */
async function parseStream(source, format, parser) {
    const sink = async (chunks) => {
        for await (const chunk of chunks)
            parser.write(chunk.toString('latin1'));
    };
    if (format === '.gz')
        await (0,external_node_stream_promises_namespaceObject.pipeline)(source, (0,external_node_zlib_namespaceObject.createGunzip)(), sink);
    else
        await (0,external_node_stream_promises_namespaceObject.pipeline)(source, sink);
}
/** `xz -dc file`, its output parsed as it comes. */
async function unxz(file, url, parser, runner) {
    let result;
    try {
        result = await (runner ?? new ProcessRunner()).run('xz', ['-dc', '--', file], {
            onStdout: (chunk) => parser.write(chunk.toString('latin1')),
            maxCapture: 16 * 1024,
        });
    }
    catch (error) {
        const missing = error.code === 'ENOENT';
        throw new IndexFetchError(url, missing ? 'cannot decompress it: xz is not installed (Debian package xz-utils)' : describeError(error), undefined, { cause: error });
    }
    if (result.code !== 0) {
        throw new IndexFetchError(url, `xz could not decompress it: ${lastLine(result.stderr)}`);
    }
}

;// CONCATENATED MODULE: ./src/debian/debs.ts
/**
 * The user's .deb files: what their control data says (read with dpkg-deb), checked against
 * the guest's architecture, and the dependencies they need from the mirror. Those go into
 * the cached root filesystem; the .debs themselves are installed at each boot, so a new
 * build of the user's package does not build the root filesystem again.
 */



const FIELDS = ['Package', 'Version', 'Architecture', 'Depends', 'Pre-Depends', 'Provides'];
/** `dpkg-deb --field` output (RFC 822, continuation lines folded) as a map. Pure. */
function parseControlFields(text) {
    const fields = new Map();
    let current;
    for (const line of text.split('\n')) {
        if (/^\s/.test(line) && current) {
            fields.set(current, `${fields.get(current)} ${line.trim()}`.trim());
            continue;
        }
        const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
        if (!m)
            continue;
        current = m[1];
        fields.set(current, m[2].trim());
    }
    return fields;
}
/** Splits a relation field into its AND groups, whitespace collapsed. Pure. */
function relationGroups(field) {
    return field
        .split(',')
        .map((group) => group.replace(/\s+/g, ' ').trim())
        .filter((group) => group !== '');
}
/** The package names a relation group's alternatives name: `a (>= 1) | b:any [i386]` → a, b. Pure. */
function groupNames(group) {
    return group
        .split('|')
        .map((alternative) => /^\s*([a-z0-9][a-z0-9+.-]*)/.exec(alternative)?.[1])
        .filter((name) => name !== undefined);
}
/** The names a package answers to: its own and what it provides. Pure. */
function namesOf(deb) {
    return [deb.package, ...relationGroups(deb.provides).flatMap(groupNames)];
}
/**
 * The dependency groups of the .debs that none of them satisfies: what the root
 * filesystem must hold for them, sorted and without duplicates (apt-get satisfy's input). Pure.
 */
function mirrorDependencies(debs) {
    const local = new Set(debs.flatMap(namesOf));
    const groups = new Set();
    for (const deb of debs) {
        for (const group of relationGroups(deb.depends)) {
            if (groupNames(group).some((name) => local.has(name)))
                continue;
            groups.add(group);
        }
    }
    return [...groups].sort();
}
/** Reads each .deb's control data; refuses a broken one and one for another architecture. */
async function inspectDebs(files, arch, runner) {
    const debs = [];
    for (const file of files) {
        const shown = file.relativePath;
        const read = await runner.run('dpkg-deb', ['--field', file.path, ...FIELDS]);
        if (read.code !== 0) {
            throw new errors_InputError('debs', `'${shown}' is not a valid Debian package: ${lastLine(read.stderr || read.stdout) || `dpkg-deb exited with status ${read.code}`}`);
        }
        const fields = parseControlFields(read.stdout);
        const deb = {
            ...file,
            package: fields.get('Package') ?? '',
            version: fields.get('Version') ?? '',
            architecture: fields.get('Architecture') ?? '',
            depends: relationGroups([fields.get('Pre-Depends'), fields.get('Depends')].filter(Boolean).join(', ')).join(', '),
            provides: fields.get('Provides') ?? '',
        };
        if (!deb.package || !deb.version || !deb.architecture) {
            throw new errors_InputError('debs', `'${shown}' has no Package, Version or Architecture field: not a valid Debian package`);
        }
        if (deb.architecture !== arch && deb.architecture !== 'all') {
            throw new errors_InputError('debs', `'${shown}' is for ${deb.architecture} (Architecture: ${deb.architecture}), but the guest is ${arch}: build it for ${arch}, or set arch to ${deb.architecture}`);
        }
        const twin = debs.find((d) => d.package === deb.package);
        if (twin) {
            throw new errors_InputError('debs', `'${shown}' and '${twin.relativePath}' are both the package ${deb.package}: give one`);
        }
        debs.push(deb);
    }
    return debs;
}
/**
 * What the mirror's index says cannot be built, before a build that would fail minutes
 * later: a user package it does not have, or a .deb dependency nothing in it (or among the
 * other .debs) satisfies. Undefined when everything is there. Pure.
 */
function mirrorShortfall(index, packages, debs, context) {
    const where = `${context.suite}/${context.arch} at ${context.mirror}`;
    const missing = missingPackages(packages, index);
    if (missing.length > 0) {
        return new errors_InputError('packages', `${missing.map((name) => `'${name}'`).join(', ')} ${missing.length > 1 ? 'are not packages' : 'is not a package'} in ${where}`);
    }
    const present = debs.map((deb) => ({
        name: deb.package,
        version: deb.version,
        provides: deb.provides,
        architecture: deb.architecture,
    }));
    for (const deb of debs) {
        const unmet = unsatisfiable(deb.depends, index, { arch: context.arch, present });
        if (unmet.length > 0) {
            return new errors_InputError('debs', `'${deb.relativePath}' depends on ${unmet.map((g) => `'${g.text}'`).join(', ')}, which nothing in ${where} or among the .debs provides`);
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/debian/preflight.ts





/**
 * Asks the mirror's package index, before a build of minutes, whether the user's packages
 * and the .debs' dependencies are there. When the index cannot be read (a proxy, which
 * Node's fetch does not use; a mirror without one) the build itself is the check.
 */
async function checkMirrorIndex(options, debs, runner, log) {
    if (options.packages.length === 0 && debs.length === 0)
        return;
    if (proxySet()) {
        log.info('A proxy is set: the packages are checked by the build, not against the index first');
        return;
    }
    let index;
    try {
        index = await fetchPackagesIndex(options.mirror, options.suite, options.arch, ['main'], {
            runner,
            timeoutMs: 60_000,
        });
    }
    catch (error) {
        log.warn(`could not read the mirror's package index (${errorMessage(error)}): the build checks the packages`);
        return;
    }
    const shortfall = mirrorShortfall(index, options.packages, debs, {
        arch: options.arch,
        suite: options.suite,
        mirror: redactCredentials(options.mirror),
    });
    if (shortfall)
        throw shortfall;
}

;// CONCATENATED MODULE: ./src/image/system.ts
/**
 * The user's own system as the guest's userland (`image`): an OCI image, pulled or read with
 * skopeo and unpacked layer by layer with umoci (whiteouts, opaque directories, owners,
 * modes, device nodes, hard links, xattrs), or a root filesystem tarball unpacked by tar.
 * Stored by its digest as the same erofs root image a Debian userland is, with the static
 * audit, and described for the report (its OS, its C library, whether it has dpkg).
 */











/** Directories the initramfs and the harness mount on: made when the system lacks them. */
const MOUNT_POINTS = ['dev', 'proc', 'sys', 'run', 'tmp'];
/** skopeo's global options that pick the platform of `arch` in a multi-platform image. */
function platformArgs(arch) {
    if (!arch)
        return [];
    const platform = OCI_PLATFORMS[arch];
    return [
        '--override-os',
        'linux',
        '--override-arch',
        platform.architecture,
        ...(platform.variant ? ['--override-variant', platform.variant] : []),
    ];
}
/** skopeo inspect's arguments for the image, on the platform of `arch` when the user named one. */
function skopeoInspectArgs(source, arch) {
    const plainHttp = isLoopbackRegistry(source) ? ['--tls-verify=false'] : [];
    return [...platformArgs(arch), 'inspect', ...plainHttp, skopeoReference(source)];
}
/** skopeo copy's arguments that put the image into an OCI layout at `layout`, tagged `image`. */
function skopeoCopyArgs(source, arch, layout) {
    const plainHttp = isLoopbackRegistry(source) ? ['--src-tls-verify=false'] : [];
    return [...platformArgs(arch), 'copy', '--quiet', ...plainHttp, skopeoReference(source), `oci:${layout}:image`];
}
/** The digest and Debian architecture skopeo inspect reports; the architecture checked against `arch`. */
function inspectedSystem(image, json, arch) {
    let found;
    try {
        found = JSON.parse(json);
    }
    catch {
        throw new ToolError(`skopeo inspect of ${image.given} printed no JSON`);
    }
    if (!found.Digest || !/^sha256:[0-9a-f]{64}$/.test(found.Digest)) {
        throw new ToolError(`skopeo inspect of ${image.given} gave no digest`);
    }
    const platform = `${found.Os ?? '?'}/${found.Architecture ?? '?'}${found.Variant ? `/${found.Variant}` : ''}`;
    const of = found.Architecture ? archOfPlatform(found.Architecture, found.Variant) : undefined;
    if (found.Os !== 'linux' || !of) {
        throw new errors_InputError('image', `${image.given} is for ${platform}, which is not a Debian architecture's`);
    }
    if (image.archGiven && of !== arch) {
        throw new errors_InputError('arch', `'${arch}' does not match ${image.given}, which is for ${platform} (${of}): give arch ${of} or leave it out`);
    }
    return { digest: found.Digest, arch: of };
}
/** The system's digest and architecture: skopeo inspect for an image, the tarball's SHA-256 and `arch` for a tarball. */
async function inspectSystem(image, arch, runner) {
    const source = image.source;
    if (source.kind === 'rootfs')
        return { digest: `sha256:${await sha256File(source.path)}`, arch };
    const result = await runner.run('skopeo', skopeoInspectArgs(source, image.archGiven ? arch : undefined), {
        maxCapture: 1024 * 1024,
    });
    if (result.code !== 0) {
        throw new errors_InputError('image', `cannot read ${image.given}: ${lastLine(result.stderr || result.stdout)}`);
    }
    return inspectedSystem(image, result.stdout, arch);
}
function systemRecipe(found) {
    return {
        kind: 'system',
        version: SYSTEM_RECIPE_VERSION,
        arch: found.arch,
        digest: found.digest,
        auditTable: AUDIT_TABLE_DIGEST,
    };
}
/** tar's arguments that unpack a root filesystem exactly: owners by number, modes, xattrs, ACLs. */
function rootfsTarArgs(tarball, root) {
    return [
        '--extract',
        '--file',
        tarball,
        '--directory',
        root,
        '--numeric-owner',
        '--same-owner',
        '--preserve-permissions',
        '--xattrs',
        '--xattrs-include=*',
        '--acls',
    ];
}
/** PRETTY_NAME (or NAME) of an os-release file's text. Pure. */
function osReleaseName(text) {
    const fields = Object.fromEntries(text
        .split('\n')
        .map((line) => /^([A-Z_]+)=(.*)$/.exec(line.trim()))
        .filter((m) => m !== null)
        .map((m) => [m[1], m[2].replace(/^(["'])(.*)\1$/, '$2')]));
    return fields.PRETTY_NAME || fields.NAME || undefined;
}
/** The C library a tree's loaders say it has: musl's ld-musl-*, glibc's ld-linux*. */
function libcOfLoaders(names) {
    if (names.some((n) => n.startsWith('ld-musl-')))
        return 'musl';
    if (names.some((n) => /^ld-linux.*\.so\.\d$/.test(n)))
        return 'glibc';
    return 'unknown';
}
async function describeRoot(root) {
    let os;
    for (const file of ['etc/os-release', 'usr/lib/os-release']) {
        const resolved = await resolveInRoot(root, file);
        const text = resolved && (await (0,promises_namespaceObject.readFile)(resolved, 'utf8').catch(() => undefined));
        if (text) {
            os = osReleaseName(text);
            break;
        }
    }
    const loaders = [];
    for (const dir of ['lib', 'lib64', 'usr/lib']) {
        const resolved = await resolveInRoot(root, dir);
        if (resolved)
            loaders.push(...(await (0,promises_namespaceObject.readdir)(resolved).catch(() => [])).filter((n) => n.startsWith('ld-')));
    }
    return {
        ...(os ? { os } : {}),
        libc: libcOfLoaders(loaders),
        dpkg: (await resolveInRoot(root, 'usr/bin/dpkg')) !== undefined,
    };
}
/** The audit of a system's files no dpkg file list names: each is grouped by its directory. */
function groupedByDirectory(audit) {
    return {
        ...audit,
        files: audit.files.map((file) => file.package ? file : { ...file, package: external_node_path_default().posix.dirname(external_node_path_default().posix.join('/', file.path)) }),
    };
}
async function unpack(image, found, workDir, root, runner) {
    const source = image.source;
    if (source.kind === 'rootfs') {
        const mk = await runner.run('mkdir', ['-p', root], { privileged: true });
        if (mk.code !== 0)
            throw new ToolError(`cannot make ${root}: ${lastLine(mk.stderr)}`);
        const result = await runner.run('tar', rootfsTarArgs(source.path, root), {
            privileged: true,
            maxCapture: 256 * 1024,
        });
        if (result.code !== 0) {
            throw new errors_InputError('image', `${image.given} is not a root filesystem tarball tar can unpack: ${lastLine(result.stderr || result.stdout)}`);
        }
        return;
    }
    const layout = external_node_path_default().join(workDir, 'oci');
    const copied = await runner.run('skopeo', skopeoCopyArgs(pinnedSource(source, found.digest), found.arch, layout), {
        maxCapture: 256 * 1024,
    });
    if (copied.code !== 0) {
        throw new errors_InputError('image', `cannot copy ${image.given}: ${lastLine(copied.stderr || copied.stdout)}`);
    }
    const unpacked = await runner.run('umoci', ['raw', 'unpack', '--image', `${layout}:image`, root], {
        privileged: true,
        maxCapture: 256 * 1024,
    });
    if (unpacked.code !== 0) {
        throw new ToolError(`umoci could not unpack ${image.given}: ${lastLine(unpacked.stderr || unpacked.stdout)}`);
    }
}
/** `debs` are installed with the system's own dpkg: refused, with one line, where it has none. */
function checkDebsInstallable(system, debs) {
    if (debs > 0 && system && !system.dpkg) {
        throw new errors_InputError('debs', `${system.given} has no dpkg to install them with: leave debs out, or put the programs in the image`);
    }
}
/** The system's userland from the store, the restorer, or unpacked now; refused without a /bin/sh. */
async function ensureSystemUserland(store, image, found, runner, log, restore, beforeBuild) {
    const recipe = systemRecipe(found);
    const key = recipeKey(recipe);
    const existing = await findOrRestore(store, 'userland', key, restore);
    if (existing)
        return existing;
    await beforeBuild?.();
    log.info(`Unpacking ${image.given} (${found.digest}, ${found.arch})`);
    const built = await store.build(key, recipe, async (workDir) => {
        const root = external_node_path_default().join(workDir, 'root');
        await unpack(image, found, workDir, root, runner);
        if (!(await resolveInRoot(root, 'bin/sh'))) {
            throw new errors_InputError('image', `${image.given} has no /bin/sh: the guest needs a shell there to start`);
        }
        const missing = [];
        for (const dir of MOUNT_POINTS)
            if (!(await (0,promises_namespaceObject.lstat)(external_node_path_default().join(root, dir)).catch(() => undefined)))
                missing.push(dir);
        if (missing.length > 0) {
            log.info(`Adding the mount points the system lacks: ${missing.map((d) => `/${d}`).join(', ')}`);
            const made = await runner.run('mkdir', ['-m', '755', ...missing.map((d) => external_node_path_default().join(root, d))], {
                privileged: true,
            });
            if (made.code !== 0)
                throw new ToolError(`cannot add mount points to ${image.given}: ${lastLine(made.stderr)}`);
        }
        const described = await describeRoot(root);
        const system = { given: image.given, digest: found.digest, arch: found.arch, ...described };
        let audit;
        if (TIME32_CAPABLE.includes(found.arch)) {
            // By dpkg's file lists where the system has them; any other file by its directory.
            const read = groupedByDirectory(await auditRoot(root));
            await (0,promises_namespaceObject.writeFile)(external_node_path_default().join(workDir, AUDIT_FILE), `${JSON.stringify(read)}\n`);
            log.info(`Read ${read.elfFiles} ELF files for the time_t audit in ${read.seconds} s`);
            audit = { file: AUDIT_FILE, elfFiles: read.elfFiles, seconds: read.seconds };
        }
        await makeRootImage(runner, root, external_node_path_default().join(workDir, ROOT_IMAGE_FILE), log);
        await store.removeTree(root);
        return {
            details: { image: ROOT_IMAGE_FILE, system, ...(audit ? { audit } : {}) },
            files: [ROOT_IMAGE_FILE, ...(audit ? [audit.file] : [])],
        };
    });
    return { image: built, source: 'built' };
}

;// CONCATENATED MODULE: ./src/image/store.ts
/**
 * The local image store: one directory per cache key under the cache directory. A build
 * happens in a temporary directory next to its final place and is renamed into place only
 * after it finished and its manifest is written, so an interrupted or failed build never
 * leaves anything a later run takes as ready.
 */






const MANIFEST = 'manifest.json';
const TEMP_PREFIX = '.tmp-';
function pidAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}
class ImageStore {
    root;
    runner;
    constructor(root, runner) {
        this.root = root;
        this.runner = runner;
    }
    dir(key) {
        return external_node_path_default().join(this.root, key);
    }
    async find(key) {
        const dir = this.dir(key);
        try {
            const manifest = JSON.parse(await (0,promises_namespaceObject.readFile)(external_node_path_default().join(dir, MANIFEST), 'utf8'));
            if (manifest.key !== key)
                return undefined;
            return { key, dir, manifest };
        }
        catch {
            return undefined;
        }
    }
    /**
     * Builds `recipe` under `key`. `produce` fills the work directory (root-owned trees
     * allowed while it runs) and returns the manifest details and the payload's file names.
     */
    async build(key, recipe, produce) {
        const started = Date.now();
        return this.place(key, async (workDir) => {
            const { details, files } = await produce(workDir);
            const manifest = {
                key,
                recipe,
                builtAt: new Date().toISOString(),
                buildSeconds: Math.round((Date.now() - started) / 100) / 10,
                details,
                payload: await describePayload(workDir, files),
            };
            await (0,promises_namespaceObject.writeFile)(external_node_path_default().join(workDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
            return manifest;
        });
    }
    /**
     * Puts an image in place atomically: `fill` makes the whole entry, manifest included,
     * in a temporary directory, which is renamed to the key's directory only if `fill`
     * succeeds. A failure or an interruption leaves nothing behind.
     */
    async place(key, fill) {
        // Private: the entries are this user's, and a guest image is nobody else's business.
        await (0,promises_namespaceObject.mkdir)(this.root, { recursive: true, mode: 0o700 });
        await (0,promises_namespaceObject.chmod)(this.root, 0o700).catch(() => undefined);
        await this.removeStaleTemps();
        const workDir = external_node_path_default().join(this.root, `${TEMP_PREFIX}${key}-${process.pid}-${(0,external_node_crypto_namespaceObject.randomBytes)(3).toString('hex')}`);
        await (0,promises_namespaceObject.mkdir)(workDir);
        const forget = onInterrupt(() => this.removeTreeSync(workDir));
        try {
            const manifest = await fill(workDir);
            if (manifest.key !== key)
                throw new Error(`image manifest is for ${manifest.key}, not ${key}`);
            try {
                await (0,promises_namespaceObject.rename)(workDir, this.dir(key));
            }
            catch (error) {
                // Another run stored the same key first: theirs is as good as ours.
                const existing = await this.find(key);
                if (!existing)
                    throw error;
                await this.removeTree(workDir);
                return existing;
            }
            return { key, dir: this.dir(key), manifest };
        }
        catch (error) {
            await this.removeTree(workDir);
            throw error;
        }
        finally {
            forget();
        }
    }
    /** Removes a stored image (a corrupt one, say). */
    async discard(key) {
        await this.removeTree(this.dir(key));
    }
    /** Removes a directory that may hold root-owned files. */
    async removeTree(dir) {
        if (!(0,external_node_fs_namespaceObject.existsSync)(dir))
            return;
        await this.runner.run('rm', ['-rf', '--one-file-system', dir], { privileged: true });
    }
    removeTreeSync(dir) {
        runSync('rm', ['-rf', '--one-file-system', dir], { privileged: true });
    }
    /**
     * The keys starting with `prefix`, most recently built first, for pruning: entries that
     * are many and large (a saved guest is tens of MiB) are not kept without bound.
     */
    async keysByAge(prefix) {
        const found = [];
        for (const name of await (0,promises_namespaceObject.readdir)(this.root).catch(() => [])) {
            if (!name.startsWith(prefix))
                continue;
            const entry = await this.find(name);
            if (entry)
                found.push({ key: name, builtAt: entry.manifest.builtAt });
        }
        return found.sort((a, b) => (a.builtAt < b.builtAt ? 1 : a.builtAt > b.builtAt ? -1 : 0)).map((f) => f.key);
    }
    /** Temporary build directories left by runs that are gone. */
    async removeStaleTemps() {
        for (const name of await (0,promises_namespaceObject.readdir)(this.root)) {
            if (!name.startsWith(TEMP_PREFIX))
                continue;
            const pid = Number(/-(\d+)-[0-9a-f]+$/.exec(name)?.[1]);
            if (Number.isInteger(pid) && pid !== process.pid && !pidAlive(pid)) {
                await this.removeTree(external_node_path_default().join(this.root, name));
            }
        }
    }
}

;// CONCATENATED MODULE: ./src/image/preflight.ts


/** mmdebstrap needs root: say so before a build rather than fail in it. QEMU does not. */
async function checkPrivilege(runner) {
    if (isRoot())
        return;
    const probe = await runner.run('sudo', ['-n', 'true']).catch(() => undefined);
    if (probe?.code !== 0) {
        throw new ToolError('building the guest (mmdebstrap) needs root: run y2038 as root or give this user passwordless sudo');
    }
}

;// CONCATENATED MODULE: ./src/image/prepare.ts
/**
 * The guest's images for a run: the host tools installed, then the kernel with its initramfs
 * and the userland, each reused from the local store, restored from elsewhere, or built;
 * the checks a build needs (root, the mirror, the packages) run once, only when something
 * has to be built.
 */














function imageInfo(built) {
    return {
        key: built.image.key,
        dir: built.image.dir,
        source: built.source,
        built: built.source === 'built',
        buildSeconds: built.image.manifest.buildSeconds,
    };
}
const SOURCE_VERB = {
    local: 'Reused',
    restored: 'Restored',
    built: 'Built',
};
/** Where the image store lives in the cache directory (the folder kept its old name). */
function imageStoreRoot(cacheDir) {
    return external_node_path_default().join(cacheDir, 'artifacts');
}
function imageStore(cacheDir, runner) {
    return new ImageStore(imageStoreRoot(cacheDir), runner);
}
/** Installs what is missing on the host and builds (or finds) the kernel and the userland. */
async function prepareImages(options, deps) {
    const { runner, log } = deps;
    const image = options.image;
    // The user's own system says what its architecture is (an OCI image's config).
    let arch = options.arch;
    let inspected;
    if (image) {
        await ensureSystemTools(image.source, runner, log);
        inspected = await inspectSystem(image, options.arch, runner);
        arch = inspected.arch;
    }
    const resolved = resolveTarget(arch, options.suite);
    if (resolved.kernelNote)
        log.info(resolved.kernelNote);
    await log.group('Install host tools', async () => {
        const installed = await ensureHostTools(resolved, runner, log);
        if (installed.length === 0)
            log.info('mmdebstrap and QEMU are installed');
    });
    const target = { ...resolved, machine: withAvailableFirmware(resolved.machine, external_node_fs_namespaceObject.existsSync) };
    const store = imageStore(options.cacheDir, runner);
    const debs = await inspectDebs(options.debs, arch, runner);
    const kRecipe = kernelRecipe(target, options.mirror);
    const uRecipe = userlandRecipe(target, options.mirror, options.packages, mirrorDependencies(debs));
    // Checked once, and only when something has to be built; what it set up for the build
    // (qemu-user for i386 where the host needs it) is undone when the builds are over.
    let buildReady;
    let afterBuild = async () => undefined;
    const beforeBuild = () => (buildReady ??= (async () => {
        deps.stopIfAborted();
        await checkPrivilege(runner);
        await (deps.checkMirror ?? checkMirror)(options.mirror, options.suite);
        if (!image)
            await checkMirrorIndex(options, debs, runner, log);
        afterBuild = await ensureArchesRunnable([...new Set([kRecipe.arch, ...(image ? [] : [uRecipe.arch])])], runner, log);
    })());
    const restore = deps.restorer?.(store);
    try {
        const kernel = await log.group(`Kernel and initramfs (${target.kernelPackage}, ${target.kernelSuite})`, async () => {
            const built = await ensureKernel(store, kRecipe, runner, log, restore, beforeBuild);
            log.info(`${SOURCE_VERB[built.source]} ${built.image.key} (kernel ${built.image.manifest.details.release})`);
            return built;
        });
        if (image && inspected) {
            const found = inspected;
            const userland = await log.group(`The system (${image.given})`, async () => {
                const built = await ensureSystemUserland(store, image, found, runner, log, restore, async () => {
                    deps.stopIfAborted();
                    await checkPrivilege(runner);
                });
                log.info(`${SOURCE_VERB[built.source]} ${built.image.key}`);
                return built;
            });
            checkDebsInstallable(userland.image.manifest.details.system, debs.length);
            const runtime = await log.group(`The harness's own programs (${arch}, at ${GUEST_RUNTIME_DIR})`, async () => {
                const recipe = runtimeRecipe(arch, options.mirror);
                const built = await ensureRuntime(store, recipe, runner, log, keyringArg(), restore, async () => {
                    deps.stopIfAborted();
                    await checkPrivilege(runner);
                    await (deps.checkMirror ?? checkMirror)(options.mirror, recipe.suite);
                });
                log.info(`${SOURCE_VERB[built.source]} ${built.image.key}`);
                return built;
            });
            return { target, kernel, userland, debs, runtime };
        }
        const userland = await log.group(`Root filesystem (${options.suite}/${options.arch})`, async () => {
            if (uRecipe.satisfy)
                log.info(`The .debs need from the mirror: ${uRecipe.satisfy.join(', ')}`);
            const built = await ensureUserland(store, uRecipe, runner, log, restore, beforeBuild);
            log.info(`${SOURCE_VERB[built.source]} ${built.image.key}`);
            return built;
        });
        return { target, kernel, userland, debs };
    }
    finally {
        await afterBuild();
    }
}
/** Where a prepared kernel, initramfs and root image are on the host. */
function imagePaths(images) {
    const { kernel, userland } = images;
    return {
        // The harness's own shell on the user's own system, whose /bin/sh it cannot rely on.
        init: images.runtime ? `${GUEST_RUNTIME_DIR}/bin/sh` : '/bin/sh',
        kernel: external_node_path_default().join(kernel.image.dir, kernel.image.manifest.details.kernel),
        initrd: external_node_path_default().join(kernel.image.dir, kernel.image.manifest.details.initrd),
        rootImage: external_node_path_default().join(userland.image.dir, userland.image.manifest.details.image),
    };
}

;// CONCATENATED MODULE: ./src/search/bisect.ts
/**
 * The date search: from what each run of the probe said about each line (its start on the
 * guest's clock, pass or fail), where each line changes its answer, narrowed to the second.
 * Which dates to run next, and what was found. Pure: the runs come in from the engine.
 */

/** Everything seen of each line, by line number, and of systemd's units run by run. */
class SearchState {
    lines = new Map();
    /** The runs that watched systemd's units to their end: when the clock was set, and which failed when. */
    unitRuns = [];
    /** Dates already run, in seconds since the epoch (with milliseconds): the bisection never runs one twice. */
    ran = new Set();
    add(observed) {
        const date = observed.date.getTime() / 1000;
        this.ran.add(date);
        for (const o of observed.lines)
            this.addLine(o, date);
        if (observed.units) {
            const failed = new Map(observed.units.failed.map((f) => [f.unit, { at: f.at, message: f.message }]));
            this.unitRuns.push({ date, start: observed.units.start, failed });
        }
    }
    /**
     * Each unit that failed in some run, with its answer in every run that watched the units:
     * it lived through the run from the clock's setting on (a pass there), or failed at a time.
     */
    units() {
        const names = new Set(this.unitRuns.flatMap((r) => [...r.failed.keys()]));
        const units = new Map();
        for (const unit of [...names].sort()) {
            const points = this.unitRuns.map((run) => {
                const failure = run.failed.get(unit);
                return failure
                    ? {
                        instant: run.start,
                        end: Math.max(run.start, failure.at),
                        failed: true,
                        date: run.date,
                        message: failure.message,
                    }
                    : { instant: run.start, end: run.start, failed: false, date: run.date };
            });
            units.set(unit, points.sort((a, b) => a.instant - b.instant));
        }
        return units;
    }
    addLine(o, date) {
        const entry = this.lines.get(o.line) ?? { command: o.command, points: [] };
        entry.points.push({
            instant: o.instant,
            end: o.end,
            failed: o.failed,
            date,
            ...(o.message !== undefined ? { message: o.message } : {}),
        });
        entry.points.sort((a, b) => a.instant - b.instant);
        this.lines.set(o.line, entry);
    }
}
/** A line's answers that change more often than this in one range are called flaky. */
const MAX_CHANGES = 4;
/** Every pair of neighbouring points (by the line's start) that answered differently. */
function rawChanges(line, points) {
    const changes = [];
    for (let i = 1; i < points.length; i++) {
        if (points[i].failed !== points[i - 1].failed)
            changes.push({ line, before: points[i - 1], after: points[i] });
    }
    return changes;
}
const second = (instant) => Math.floor(instant);
/**
 * Changes no more than this apart go together. Near a change, a line's answer can go back
 * and forth over a second or so: its start moves a few tenths from run to run, and what it
 * answers may hang on an earlier line's time (a file made a second before). An odd number of
 * such changes is one change; an even number undoes itself: no rollover does that, a line
 * that answers at random does.
 */
const BLIP_SECONDS = 2;
/** The raw changes of a line in groups no more than BLIP_SECONDS apart, in order. */
function clusters(changes) {
    const groups = [];
    for (const change of changes) {
        const last = groups.at(-1);
        if (last && second(change.after.instant) - second(last.at(-1).before.instant) <= BLIP_SECONDS)
            last.push(change);
        else
            groups.push([change]);
    }
    return groups;
}
/** A line's changes as the search counts them: each group of raw changes that does not undo itself is one. */
function changesOf(line, points) {
    const groups = clusters(rawChanges(line, points));
    const undone = groups.find((g) => g.length % 2 === 0);
    const changes = groups.map((g) => ({ line, before: g[0].before, after: g.at(-1).after }));
    return { changes, ...(undone ? { undone } : {}) };
}
/**
 * What a change says in whole seconds. The line's program read the clock at some moment
 * between the line's start and when it was last seen; a clock rollover is a whole second B
 * from which a reading gives the new answer. The side with the old answer read before B, so
 * B is after its start; the side with the new answer read at or after B, so B is no later
 * than its end. Narrowed: one whole second fits, B = lastBefore + 1 = firstAfter. (None
 * fits when the answer depends on more than the line's own reading, a file an earlier line
 * made, say: then the change is as narrow as the runs can make it.) Else `target`, the
 * second to start the line in next.
 */
function bracket(change) {
    const lo = second(change.before.instant);
    const hi = second(change.after.end);
    if (hi - lo <= 1)
        return { lastBefore: lo, firstAfter: lo + 1, narrowed: true };
    return { lastBefore: lo, firstAfter: hi, narrowed: false, target: targetSecond(lo, hi) };
}
/**
 * Seconds where a change is likely, tried before plain bisection: each rollover, and the
 * moments a program that looks that far ahead (a second, a day, a year...) first reaches it.
 */
const LOOKAHEADS = [
    [1, '1 s'],
    [60, '1 minute'],
    [3600, '1 hour'],
    [86400, '1 day'],
    [30 * 86400, '30 days'],
    [365 * 86400, '365 days'],
    [366 * 86400, '366 days'],
];
const LIKELY_SECONDS = ROLLOVERS.flatMap((r) => [0, ...LOOKAHEADS.map(([ahead]) => ahead)].map((ahead) => Math.floor(r.at.getTime() / 1000) - ahead)).sort((a, b) => b - a);
/**
 * The second to try inside a change from second `lo` to second `hi` (hi - lo >= 2): the last
 * second before a likely change, then the likely second itself, so that a change there takes
 * two runs, the latest likely change first (a run that fails before it rules it out in one);
 * else the middle one.
 */
function targetSecond(lo, hi) {
    for (const likely of LIKELY_SECONDS) {
        if (likely - 1 > lo && likely - 1 < hi)
            return likely - 1;
        if (likely > lo && likely < hi)
            return likely;
    }
    return lo + Math.floor((hi - lo) / 2);
}
/**
 * How far into its target second a step aims to start the line: a run's lines start a few
 * tenths of a second earlier or later than the last run's did.
 */
const LEAD_SECONDS = 0.3;
/**
 * The dates to run next, at most `count`: for the widest changes still open, a date at which
 * the line should start in its change's target second (targetSecond). A change whose target
 * second a date already chosen reaches (another line's, at the same rollover) is not asked
 * for twice.
 */
function nextDates(state, count) {
    const open = [];
    for (const [line, { points }] of state.lines) {
        const { changes, undone } = changesOf(line, points);
        if (undone || changes.length > MAX_CHANGES)
            continue;
        open.push(...changes.filter((c) => !bracket(c).narrowed));
    }
    open.sort((a, b) => second(b.after.instant) - second(b.before.instant) - (second(a.after.instant) - second(a.before.instant)) ||
        a.line - b.line);
    const chosen = [];
    for (const change of open) {
        if (chosen.length >= count)
            break;
        // How far into a run the line started, as the two sides of its change measured it.
        const offset = (c) => (c.before.instant - c.before.date + (c.after.instant - c.after.date)) / 2;
        const target = bracket(change).target;
        if (chosen.some((date) => second(date + offset(change)) === target))
            continue;
        // Start the run that much earlier, so that the line starts inside the target second; a
        // date already run (its line started elsewhere than aimed) is moved on a little.
        const aimed = target + LEAD_SECONDS - offset(change);
        const date = [0, 0.2, -0.2, 0.4]
            .map((nudge) => Math.round((aimed + nudge) * 1000) / 1000)
            .find((d) => !state.ran.has(d) && !chosen.includes(d));
        if (date !== undefined)
            chosen.push(date);
    }
    return chosen.map((s) => new Date(Math.round(s * 1000)));
}
/** The dates to run again to confirm each change found: the date of each failing side, once. */
function confirmDates(state) {
    const dates = new Set();
    for (const [line, { points }] of state.lines) {
        const { changes, undone } = changesOf(line, points);
        if (undone || changes.length > MAX_CHANGES)
            continue;
        for (const c of changes)
            dates.add((c.after.failed ? c.after : c.before).date);
    }
    return [...dates].sort((a, b) => a - b).map((s) => new Date(Math.round(s * 1000)));
}
const at = (instant) => formatInstant(new Date(second(instant) * 1000));
/** What the search found for one line or unit, from its points. */
function subjectResult(base, points) {
    const { changes, undone } = changesOf(base.line ?? 0, points);
    if (undone) {
        const [first, last] = [undone[0], undone.at(-1)];
        return {
            ...base,
            verdict: 'flaky',
            changes: [],
            reason: `it ${first.after.failed ? 'failed' : 'passed'} at ${at(first.after.instant)} and ${last.after.failed ? 'failed' : 'passed'} again by ${at(last.after.instant)}`,
        };
    }
    if (changes.length > MAX_CHANGES) {
        return {
            ...base,
            verdict: 'flaky',
            changes: [],
            reason: `its answer changed ${changes.length} times in ${points.length} runs`,
        };
    }
    if (changes.length === 0)
        return { ...base, verdict: points[0].failed ? 'fails' : 'passes', changes: [] };
    const found = changes.map((c) => {
        const failing = c.after.failed ? c.after : c.before;
        const { lastBefore, firstAfter, narrowed } = bracket(c);
        return {
            to: c.after.failed ? 'fail' : 'pass',
            lastBefore: at(lastBefore),
            firstAfter: at(firstAfter),
            exact: narrowed,
            ...(failing.message !== undefined ? { message: failing.message } : {}),
        };
    });
    const firstFail = found.find((c) => c.to === 'fail');
    return {
        ...base,
        verdict: 'changes',
        changes: found,
        ...(firstFail ? { beforeRollover: new Date(firstFail.firstAfter) < ROLLOVER } : {}),
    };
}
/**
 * What the search found for each line, in line order, then for each systemd unit that failed
 * in some run. A unit is not steered to (its failure comes when it next reads the clock):
 * its change is as narrow as the runs made for the lines leave it.
 */
function lineResults(state) {
    const lines = [...state.lines]
        .sort((a, b) => a[0] - b[0])
        .map(([line, { command, points }]) => subjectResult({ line, command }, points));
    const units = [...state.units()].map(([unit, points]) => subjectResult({ unit }, points));
    return [...lines, ...units];
}
/**
 * The results once the changes found were confirmed (`after`, with the runs made again),
 * against the results before (`before`): a line whose changes the runs made again altered
 * (a change where the first runs saw none, or one the other way) is flaky. A line whose
 * answer truly changes at an instant only ever answers one way on each side of it, so a
 * run made again can narrow its change, never add one; a line that answers otherwise when
 * its date runs again (another second, as its start moves a few tenths, or the same) can.
 */
function confirmedResults(before, after) {
    const key = (l) => (l.unit !== undefined ? `unit ${l.unit}` : `line ${l.line}`);
    const earlier = new Map(before.map((l) => [key(l), l]));
    const turns = (l) => l.changes.map((c) => c.to).join(' ');
    const told = (l) => l === undefined
        ? 'not seen'
        : l.verdict === 'changes'
            ? l.changes.map((c) => `${c.to === 'fail' ? 'failing' : 'passing'} from ${c.firstAfter}`).join(', ')
            : `${l.verdict === 'fails' ? 'failing' : 'passing'} at every date`;
    return after.map((result) => {
        const first = earlier.get(key(result));
        if (result.verdict !== 'changes' || first?.verdict === 'flaky')
            return result;
        if (first && first.verdict === 'changes' && turns(first) === turns(result))
            return result;
        return {
            ...(result.line !== undefined ? { line: result.line } : {}),
            ...(result.command !== undefined ? { command: result.command } : {}),
            ...(result.unit !== undefined ? { unit: result.unit } : {}),
            verdict: 'flaky',
            changes: [],
            reason: `${told(first)} in the first runs, ${told(result)} once dates ran again to confirm`,
        };
    });
}
/** The earliest second at which any line starts to fail, over every line that changes. */
function firstFailing(lines) {
    const seconds = lines
        .filter((l) => l.verdict === 'changes')
        .flatMap((l) => l.changes.filter((c) => c.to === 'fail').map((c) => c.firstAfter))
        .sort();
    return seconds[0];
}

;// CONCATENATED MODULE: ./src/search/drive.ts
/**
 * The search after its scan: rounds of bisection until every change of every line is
 * narrowed to the second (or the steps run out), then each change's failing side run once
 * more to confirm it. The runs come in through `runAt`; everything else is bisect.ts.
 */


/** The most runs a search bisects with, whatever it has left open. */
const MAX_SEARCH_STEPS = 64;
async function searchLines(range, scan, deps) {
    const state = new SearchState();
    for (const observed of scan)
        state.add(observed);
    let steps = 0;
    for (let round = 1;; round++) {
        const dates = nextDates(state, Math.min(deps.batch, deps.maxSteps - steps));
        if (dates.length === 0)
            break;
        deps.log.info(`Search round ${round}: ${dates.map(formatInstant).join(', ')}`);
        for (const observed of await deps.runAt(dates, false))
            state.add(observed);
        steps += dates.length;
    }
    const stepsRanOut = nextDates(state, 1).length > 0;
    const again = confirmDates(state);
    const unconfirmed = lineResults(state);
    if (again.length > 0) {
        deps.log.info(`Search: running ${again.length} date(s) again to confirm the changes found`);
        for (const observed of await deps.runAt(again, true))
            state.add(observed);
    }
    const lines = confirmedResults(unconfirmed, lineResults(state));
    const first = firstFailing(lines);
    return {
        from: formatInstant(range.from),
        to: formatInstant(range.to),
        scanRuns: scan.length,
        bisectionRuns: steps,
        confirmationRuns: again.length,
        stepsRanOut,
        lines,
        ...(first ? { firstFailing: first } : {}),
    };
}

;// CONCATENATED MODULE: ./src/engine.ts
/**
 * The pipeline, end to end: the guest's images (built or reused), the run's harness, one
 * boot saved where it waits for its job, then each date from there (or from a boot of its
 * own), confirmed where it found something, settled against the control, and the audit.
 * Orchestration only: what each step means lives in its stage. Side effects come in
 * through EngineDeps.
 */


































/** Throws the abort's reason (an InterruptedError) once the run has been told to stop. */
function stopIfAborted(deps) {
    const signal = deps.signal ?? interruptSignal;
    signal.throwIfAborted();
}
/** The images built or found, and the accelerator they run under. */
async function prepareGuest(options, deps) {
    const images = await prepareImages(options, { ...deps, stopIfAborted: () => stopIfAborted(deps) });
    const { kernel } = imagePaths(images);
    const accel = await chooseAccel(options.accel, images.target.machine, kernel, deps.runner, deps.log, options.cacheDir);
    return { ...images, accel };
}
function bootImages(prepared) {
    return { machine: prepared.target.machine, accel: prepared.accel, ...imagePaths(prepared) };
}
/**
 * Boots the guest once, at the earliest boot date of the run, to where the harness waits for
 * its job (after the stages: the .debs, the setup script), and saves its state. Without a
 * snapshot, with a warning, when that does not work: then every date boots on its own.
 */
async function saveSnapshot(dates, options, prepared, session, deps) {
    const bootDate = earliestBootDate(dates, options.clock, options.crossMarginSeconds);
    const state = external_node_path_default().join(session.tmpDir, 'guest.state');
    const started = Date.now();
    const where = { outputDir: deps.outputDir, name: `${options.arch}-${options.suite}-snapshot` };
    const guest = { timeoutSeconds: options.timeoutSeconds, onConsole: deps.onConsole };
    const { run, results, console, consoleLog, bytes } = await bootAndSave(bootImages(prepared), session, where, bootDate, state, guest, deps.runner);
    // A guest stopped by an interruption proves nothing, and its state is not saved: no warning, no verdict.
    stopIfAborted(deps);
    const stages = judgeStages(results, session.stages, {
        ...stagesContext(options),
        date: bootDate,
        timedOut: run.timedOut,
        console,
    });
    if (stages.some((s) => s.outcome !== 'ok')) {
        await (0,promises_namespaceObject.rm)(state, { force: true });
        return { failed: { stages, bootDate, durationSeconds: Math.round(run.durationMs / 100) / 10, consoleLog } };
    }
    if (run.jobError || bytes === 0 || run.timedOut) {
        const why = run.jobError?.message ?? (run.timedOut ? 'timed out' : 'no state was written');
        deps.log.warn(`could not save the booted guest (${why}): booting it once per date`);
        await (0,promises_namespaceObject.rm)(state, { force: true });
        return {};
    }
    deps.log.info(`Booted the guest at ${formatInstant(bootDate)} and saved it (${(bytes / 2 ** 20).toFixed(0)} MiB) in ${((Date.now() - started) / 1000).toFixed(1)} s: each date starts from there`);
    return { snapshot: { state, bootDate, bytes, stages } };
}
/**
 * The guest kept from an earlier run with the same key (saved-guest.ts): its dates boot
 * nothing. Otherwise boots and saves as saveSnapshot does, and keeps what it saved for later
 * runs. Keeping it is no part of the run: a failure there is a warning.
 */
async function savedOrSaveSnapshot(dates, options, prepared, session, deps) {
    if (deps.keptGuests === false)
        return saveSnapshot(dates, options, prepared, session, deps);
    const store = imageStore(options.cacheDir, deps.runner);
    const images = {
        ...bootImages(prepared),
        // By content: an image rebuilt under the same key (a cache entry evicted, then built again) is not the one the guest read.
        kernelKey: imageIdentity(prepared.kernel.image),
        userlandKey: imageIdentity(prepared.userland.image),
    };
    const bootDate = earliestBootDate(dates, options.clock, options.crossMarginSeconds);
    let qemu;
    try {
        qemu = await qemuIdentity(images, deps.runner);
    }
    catch (error) {
        deps.log.warn(`not keeping the saved guest: ${error.message}`);
        return saveSnapshot(dates, options, prepared, session, deps);
    }
    const recipe = savedGuestRecipe(options, images, session, qemu, savedGuestBootKey(options, bootDate));
    const key = recipeKey(recipe);
    const local = await findSavedGuest(store, recipe);
    const restored = local ? undefined : await deps.restorer?.(store)('saved-guest', key);
    const stored = local ?? restored;
    if (stored && !startsInTime(stored, bootDate)) {
        // Saved by a host whose clock was ahead of this one's: its clock would have to go back.
        deps.log.warn(`not starting from the guest kept as ${stored.key}: it booted at ${stored.manifest.details.bootDate}, after this run's ${formatInstant(bootDate)}`);
        return saveSnapshot(dates, options, prepared, session, deps);
    }
    if (stored) {
        const from = local ? 'saved' : 'restored from the Actions cache, saved';
        deps.log.info(`Started from the guest ${from} ${stored.manifest.builtAt} (${stored.key}): nothing to boot, each date starts from there`);
        return { snapshot: adoptSavedGuest(session, stored), kept: { key, source: local ? 'local' : 'restored' } };
    }
    const attempt = await saveSnapshot(dates, options, prepared, session, deps);
    if (attempt.snapshot) {
        try {
            const kept = await keepSavedGuest(store, recipe, session, attempt.snapshot, deps.runner);
            deps.log.info(`Kept the saved guest for later runs: ${kept.key}`);
            return { ...attempt, kept: { key, source: 'built' } };
        }
        catch (error) {
            // Stopped while it kept the guest: an interruption, not a warning.
            stopIfAborted(deps);
            deps.log.warn(`could not keep the saved guest for later runs: ${error.message}`);
        }
    }
    return attempt;
}
function stagesContext(options) {
    return runStagesContext(options, options.setup && setupText(options.setup));
}
/** A saved guest that QEMU could not start from: its RAM file (`mapped`), or the whole state. */
class RestoreError extends Error {
    mapped;
    constructor(message, mapped) {
        super(message);
        this.mapped = mapped;
    }
}
/**
 * Keeps the saved guest's RAM in a file that each date's guest maps privately (vm/ram-file.ts),
 * when the host's QEMU can. When that fails, with a warning, every date reads the whole saved
 * state back, as without it.
 */
async function mapSnapshot(snapshot, options, prepared, session, deps) {
    const started = Date.now();
    try {
        const support = ramFileSupport(await qemuVersion(prepared.target.machine.qemuBinary, deps.runner));
        if ('why' in support) {
            deps.log.info(`Each date reads the whole saved guest back: ${support.why}`);
            return;
        }
        const mapped = {
            ram: external_node_path_default().join(session.tmpDir, 'guest.ram'),
            devices: external_node_path_default().join(session.tmpDir, 'guest.devices'),
            readOnlyOpen: support.readOnlyOpen,
        };
        const guest = { timeoutSeconds: options.timeoutSeconds };
        await mapSavedGuest(bootImages(prepared), session, snapshot.state, snapshot.bootDate, mapped, guest, deps.runner);
        snapshot.mapped = mapped;
        deps.log.info(`Kept the saved guest's RAM in a file in ${((Date.now() - started) / 1000).toFixed(1)} s: each date maps it privately and reads only the device state`);
    }
    catch (error) {
        stopIfAborted(deps);
        deps.log.warn(`could not keep the saved guest's RAM in a file (${error.message}): each date reads the whole saved guest back (exec:)`);
    }
}
/**
 * After a RestoreError: the next way to run the date. A RAM file that did not load leaves the
 * whole saved state; a saved state that did not load leaves a boot of each date.
 */
function fallBack(error, session, deps) {
    const snapshot = session.snapshot;
    if (error.mapped) {
        // Dates side by side may each have failed on it: the first to come back says so.
        if (snapshot?.mapped === error.mapped) {
            snapshot.mapped = undefined;
            deps.log.warn(`could not start from the saved guest's RAM file (${error.message}): each date reads the whole saved guest back (exec:)`);
        }
        return;
    }
    if (!snapshot)
        return;
    deps.log.warn(`could not start from the saved guest (${error.message}): booting it once per date`);
    const kept = snapshot.storeKey;
    session.snapshot = undefined;
    if (kept && session.discardKept !== kept) {
        leaveSavedGuest(session, kept);
        deps.log.warn(`discarding the kept guest ${kept}: a later run boots and saves it again`);
    }
}
/** Runs the probe at `date`: from the saved guest when there is one, else from a boot. */
async function bootAt(date, options, prepared, session, deps, attempt = 1) {
    // A search's step may start within a second: its milliseconds keep its name its own.
    const ms = date.getTime() % 1000;
    const stamp = formatInstant(date).replace(/[:]/g, '') + (ms !== 0 ? `-${String(ms).padStart(3, '0')}` : '');
    const name = `${options.arch}-${options.suite}-${options.clock}-${stamp}${attempt > 1 ? '-again' : ''}`;
    const job = newJob(date, stepDateFor(date, options.clock, options.crossMarginSeconds), attempt);
    const snapshot = session.snapshot;
    // A kept guest another run on this cache directory removed meanwhile: as one that does not load.
    if (snapshot?.storeKey && !(0,external_node_fs_namespaceObject.existsSync)(snapshot.state))
        throw new RestoreError('the kept guest is gone');
    const rtcBase = snapshot ? snapshot.bootDate : bootDateFor(date, options.clock, options.crossMarginSeconds);
    const guestOptions = { timeoutSeconds: options.timeoutSeconds, onConsole: deps.onConsole };
    const from = snapshot && (snapshot.mapped ? { mapped: snapshot.mapped } : { stream: snapshot.state });
    const { run, results, console, dir, consoleLog } = await runJob(bootImages(prepared), session, { outputDir: deps.outputDir, name }, rtcBase, job, from, guestOptions, deps.runner);
    stopIfAborted(deps);
    const records = parseRecords(results, job.token);
    // Said once, by the fallback, not here for each date too.
    const restoreFailed = snapshot && restoreFailure(run, records.records.length);
    if (restoreFailed)
        throw new RestoreError(restoreFailed, from && 'mapped' in from ? from.mapped : undefined);
    const warning = qemuExitWarning(run);
    if (warning)
        deps.log.warn(warning);
    const notStarted = qemuStartFailure(run, console);
    if (notStarted)
        throw new ToolError(notStarted);
    const stages = snapshot
        ? snapshot.stages.map((s) => stageForDate(s, date))
        : judgeStages(results, session.stages, { ...stagesContext(options), date, timedOut: run.timedOut, console });
    const guest = readGuest(records);
    const outRecords = parseRecords(results, job.outToken);
    const judged = judgeDate({
        date,
        clock: options.clock,
        arch: options.arch,
        suite: userlandSuite(options.suite, options.image),
        guest,
        probeSource: probeText(options.probe).split('\n'),
        console,
        timedOut: run.timedOut,
        timeoutSeconds: options.timeoutSeconds,
        durationMs: run.durationMs,
        stepTo: job.stepTo,
        crossing: job.crossing,
        stages,
        init: options.init,
        failedAfter: failedUnitsAfter(outRecords),
    });
    const reached = guest.clockAtProbe !== undefined;
    const out = reached ? await keepOutFiles(readOutFiles(outRecords), dir, date, deps.log) : undefined;
    const facts = { date, rtcBase, clock: options.clock, durationMs: run.durationMs, guest, consoleLog, stages };
    return dateRun({ ...facts, fromSnapshot: snapshot !== undefined, crossing: job.crossing, ...(out ? { out } : {}) }, judged);
}
async function bootLogged(date, label, options, prepared, session, deps, attempt = 1) {
    const how = session.snapshot ? 'from the saved guest' : `clock ${options.clock}`;
    const [name, of] = typeof label === 'string' ? [label, ''] : [label.label, `, ${label.of}`];
    return deps.log.group(`${name} ${formatInstant(date)} (${how})${of}`, async () => {
        stopIfAborted(deps);
        let boot;
        // Each failure to restore leaves one way fewer (fallBack): the RAM file, the whole state, a boot.
        while (!boot) {
            try {
                boot = await bootAt(date, options, prepared, session, deps, attempt);
            }
            catch (error) {
                if (!(error instanceof RestoreError))
                    throw error;
                fallBack(error, session, deps);
            }
        }
        deps.log.info(`${boot.verdict.outcome}: ${boot.verdict.findings.length} finding(s) in ${boot.result.durationSeconds} s` +
            (boot.result.guestClockAtProbe ? `, guest clock ${boot.result.guestClockAtProbe} at probe start` : ''));
        return boot;
    });
}
/** How many guests run side by side: as asked, or as many as the host takes. */
function guestsAtOnce(options, prepared) {
    return options.parallel ?? guestSlots(prepared.target.machine.memoryMiB, hostCapacity());
}
/**
 * dates: search: from the scan's runs (dates of the run like any other), the bisection
 * that narrows each line's change to the second, each step a guest restored from the saved one.
 */
async function searchDates(boots, options, prepared, session, deps) {
    const range = options.search;
    const inRange = (date) => date >= range.from && date <= range.to;
    const observed = (run) => ({
        date: run.date,
        lines: run.observed ?? [],
        ...(run.observedUnits ? { units: run.observedUnits } : {}),
    });
    const scan = boots.filter((b) => inRange(b.date)).map(observed);
    const slots = guestsAtOnce(options, prepared);
    const runAt = async (dates, again) => {
        const runs = await runTold(dates, Math.min(slots, dates.length), deps, (date, _i, telling) => bootLogged(date, again ? 'Search again at' : 'Search at', options, prepared, session, { ...deps, ...telling }, again ? 2 : 1));
        return runs.map(observed);
    };
    return searchLines(range, scan, { runAt, batch: slots, maxSteps: MAX_SEARCH_STEPS, log: deps.log });
}
/**
 * The requested dates, side by side where the host takes more than one guest at a time
 * (each restored from the saved guest, or booted on its own), told and returned in date order.
 */
async function bootDates(options, prepared, session, deps) {
    const dates = options.dates;
    const slots = Math.min(dates.length, guestsAtOnce(options, prepared));
    // "Boot at" and the date, then which of how many: a long matrix says how far it is.
    const label = (i) => (dates.length > 1 ? { label: 'Boot at', of: `${i + 1} of ${dates.length}` } : 'Boot at');
    if (slots > 1)
        deps.log.info(`${dates.length} dates, up to ${slots} at a time: each told when it and those before it are done`);
    return runTold(dates, slots, deps, (date, i, telling) => bootLogged(date, label(i), options, prepared, session, { ...deps, ...telling }));
}
/** The dates of the run, each a DateRun; the control first; confirmed when asked. */
async function runDates(options, prepared, session, deps) {
    const all = [...(options.control ? [options.control] : []), ...options.dates];
    let kept;
    // One boot, then each date from its saved state: worth it from two dates on.
    if (options.clock !== 'boot' && all.length > 1 && deps.snapshots !== false) {
        const attempt = await deps.log.group('Boot once and save the guest', async () => {
            const saved = await savedOrSaveSnapshot(all, options, prepared, session, deps);
            if (saved.snapshot && deps.ramFile)
                await mapSnapshot(saved.snapshot, options, prepared, session, deps);
            return saved;
        });
        session.snapshot = attempt.snapshot;
        kept = attempt.kept;
        const failed = attempt.failed;
        if (failed) {
            const why = failed.stages.find((s) => s.outcome !== 'ok');
            deps.log.warn(`${why.stage === 'install' ? 'installing the .debs' : 'the setup script'} failed at ${formatInstant(failed.bootDate)} (${why.outcome}): the probe runs at no date`);
            const stopped = (date) => stoppedByStage(date, failed, options.clock);
            return {
                boots: options.dates.map(stopped),
                ...(options.control ? { control: stopped(options.control) } : {}),
                flaky: [],
            };
        }
    }
    const boot = (date, label, attempt = 1) => bootLogged(date, label, options, prepared, session, deps, attempt);
    // The control first: a guest that cannot run the probe at an ordinary date says so early.
    const control = options.control && (await boot(options.control, 'Control at'));
    if (control && !isJudged(control.verdict.outcome)) {
        deps.log.warn(`the control run at ${formatInstant(control.date)} did not complete (${control.verdict.outcome}): failures at the requested dates cannot be compared with it`);
    }
    const boots = await bootDates(options, prepared, session, deps);
    // Each run again is recorded with the date it confirms.
    const runAgain = async (run, label) => {
        const again = await boot(run.date, label, 2);
        const { durationSeconds, consoleLog } = again.result;
        run.result = { ...run.result, confirmation: { outcome: again.verdict.outcome, durationSeconds, consoleLog } };
        return again.verdict;
    };
    const flaky = options.confirm
        ? await confirmFindings(boots, control, { runAgain, hasSnapshot: !!session.snapshot, log: deps.log })
        : [];
    return { boots, ...(control ? { control } : {}), flaky, ...(kept ? { kept } : {}) };
}
async function runY2038(options, deps) {
    const started = Date.now();
    stopIfAborted(deps);
    for (const note of scriptNotes(options))
        deps.log.warn(note);
    const madeOutput = await (0,promises_namespaceObject.mkdir)(deps.outputDir, { recursive: true });
    let prepared;
    let session;
    try {
        prepared = await prepareGuest(options, deps);
        // The user's own system says its architecture (an OCI image's config).
        options = { ...options, arch: prepared.target.arch };
        stopIfAborted(deps);
        session = await startRunSession(options, deps.runner, prepared.runtime);
    }
    catch (error) {
        // Refused before any guest ran (a package the mirror lacks, a bad .deb): no empty output directory left.
        if (madeOutput !== undefined)
            await removeEmptyDirs(deps.outputDir, madeOutput);
        throw error;
    }
    let ran;
    let search;
    try {
        ran = await runDates(options, prepared, session, deps);
        if (options.search)
            search = await searchDates(ran.boots, options, prepared, session, deps);
    }
    finally {
        await session.close();
        if (session.discardKept)
            await imageStore(options.cacheDir, deps.runner).discard(session.discardKept);
    }
    // An interruption is not a verdict: whatever the guests said, no report.
    stopIfAborted(deps);
    const { dates, findings, ignored, control } = settleDates(ran.boots, ran.control);
    const userland = prepared.userland.image;
    const guestAudit = {
        basePackages: USERLAND_BASE_PACKAGES,
        root: () => storedAudit(userland),
        rootName: userland.key,
        rootDir: userland.dir,
        ...(userland.manifest.details.system ? { system: userland.manifest.details.system } : {}),
    };
    const audit = await auditRun(options, findings, guestAudit, deps.runner);
    return {
        accel: prepared.accel,
        target: prepared.target,
        options,
        kernel: { ...imageInfo(prepared.kernel), release: prepared.kernel.image.manifest.details.release },
        userland: imageInfo(prepared.userland),
        ...(userland.manifest.details.system ? { system: userland.manifest.details.system } : {}),
        dates,
        ...(control ? { control } : {}),
        findings,
        ignored,
        flaky: ran.flaky,
        audit,
        ...(search ? { search } : {}),
        ...(ran.kept
            ? { savedGuest: { ...ran.kept, ...(session.discardKept === ran.kept.key ? { discarded: true } : {}) } }
            : {}),
        startedAt: new Date(started).toISOString(),
        durationSeconds: Math.round((Date.now() - started) / 100) / 10,
    };
}

;// CONCATENATED MODULE: ./src/report/finding-place.ts
function runScripts(options) {
    const ref = (script) => script.kind === 'file' ? { kind: 'file', path: script.relativePath } : { kind: script.kind };
    return { probe: ref(options.probe), ...(options.setup ? { setup: ref(options.setup) } : {}) };
}
/** A script's name in reports: its path, else `built-in probe`, `run` (an inline probe) or `setup`. */
function finding_place_scriptName(scripts, which) {
    if (which === 'setup')
        return scripts.setup?.kind === 'file' && scripts.setup.path ? scripts.setup.path : 'setup';
    if (scripts.probe.kind === 'file' && scripts.probe.path)
        return scripts.probe.path;
    return scripts.probe.kind === 'builtin' ? 'built-in probe' : 'run';
}
/** The script a finding of this stage is on: the setup's, none for the .debs, else the probe. */
function scriptOf(finding) {
    return finding.stage === 'setup' ? 'setup' : finding.stage === 'install' ? undefined : 'probe';
}
function findingPlace(finding, scripts) {
    const script = scriptOf(finding);
    if (finding.line === undefined || !script)
        return { label: finding.stage };
    const ref = script === 'setup' ? scripts.setup : scripts.probe;
    const path = ref?.kind === 'file' ? ref.path : undefined;
    return {
        script,
        line: finding.line,
        label: `${finding_place_scriptName(scripts, script)}:${finding.line}`,
        ...(path && !path.startsWith('/') ? { file: path } : {}),
    };
}

;// CONCATENATED MODULE: ./src/report/search-text.ts
/**
 * The date search as people read it: for each probe line, when its answer changes, each
 * instant named by the rollover it is (or how long before one), and a timeline of the range
 * with the rollovers marked. The text report and the job summary both use it. Pure.
 */



/** "the signed 32-bit time_t rollover", "365 days before the signed 32-bit time_t rollover", or nothing. */
function instantName(instant) {
    const seconds = Date.parse(instant) / 1000;
    for (const rollover of ROLLOVERS) {
        const at = rollover.at.getTime() / 1000;
        if (seconds === at)
            return `the ${rollover.name} rollover`;
        for (const [ahead, words] of LOOKAHEADS) {
            if (seconds === at - ahead)
                return `${words} before the ${rollover.name} rollover`;
        }
    }
    return undefined;
}
/** "passes until T1, fails from T2", the way a change reads in a report. */
function changeText(change) {
    const [was, is] = change.to === 'fail' ? ['passes', 'fails'] : ['fails', 'passes'];
    const name = instantName(change.firstAfter);
    const exact = change.exact ? '' : ' (not narrowed to the second)';
    return `${was} until ${change.lastBefore}, ${is} from ${change.firstAfter}${name ? ` (${name})` : ''}${exact}`;
}
/** What the search found for a line that does not change at a given instant. */
function steadyText(line) {
    if (line.verdict === 'fails')
        return 'fails at every date of the range (not a rollover)';
    if (line.verdict === 'passes')
        return 'passes at every date of the range';
    return `flaky: ${line.reason ?? 'its answer changes'} (no date given)`;
}
const TIMELINE_WIDTH = 64;
/**
 * The range as a bar: `=` where the line passes, `X` where it fails, `?` where it is flaky,
 * one column per 1/TIMELINE_WIDTH of the range.
 */
function timeline(search, line, width = TIMELINE_WIDTH) {
    const from = Date.parse(search.from);
    const to = Date.parse(search.to);
    if (line.verdict === 'flaky')
        return '?'.repeat(width);
    const cells = [];
    for (let i = 0; i < width; i++) {
        const t = from + ((to - from) * (i + 0.5)) / width;
        // Before its first change, the opposite of what it changes to.
        let failing = line.verdict === 'fails' || line.changes[0]?.to === 'pass';
        for (const change of line.changes)
            if (t >= Date.parse(change.firstAfter))
                failing = change.to === 'fail';
        cells.push(failing ? 'X' : '=');
    }
    return cells.join('');
}
/** The line under the bars: `^` at each rollover inside the range. */
function rolloverMarks(search, width = TIMELINE_WIDTH) {
    const from = Date.parse(search.from);
    const to = Date.parse(search.to);
    const marks = Array.from({ length: width }, () => ' ');
    for (const rollover of ROLLOVERS) {
        const t = rollover.at.getTime();
        if (t < from || t > to)
            continue;
        marks[Math.min(width - 1, Math.floor(((t - from) / (to - from)) * width))] = '^';
    }
    return marks.join('').trimEnd();
}
/** `ci/probe.sh:3  sudo -n true`, or `unit systemd-journald.service`. */
function subjectLabel(probe, line) {
    return line.unit !== undefined ? `unit ${line.unit}` : `${probe}:${line.line}  ${line.command ?? ''}`.trimEnd();
}
/** The runs a search took, in words. */
function searchCost(search) {
    return (`${search.scanRuns} scan date(s), ${search.bisectionRuns} bisection run(s), ${search.confirmationRuns} confirmation run(s)` +
        (search.stepsRanOut ? '; the bisection ran out of steps before every change was narrowed to the second' : ''));
}
/** The search's answer in one line: the first failing second, or why there is none. */
function firstFailingText(search) {
    if (search.lines.length === 0)
        return 'no probe line was timed: no run of the search reached the probe';
    if (!search.firstFailing)
        return 'no line starts to fail in the range';
    const before = new Date(search.firstFailing) < ROLLOVER ? ' (before the signed 32-bit time_t rollover)' : '';
    return `first failing second: ${search.firstFailing}${before}`;
}
/** The text report's section. */
function searchTextLines(search, scripts) {
    const probe = finding_place_scriptName(scripts, 'probe');
    const out = [`When each line changes (search ${search.from} to ${search.to}; ${searchCost(search)}):`];
    const pad = ' '.repeat(4);
    for (const line of search.lines) {
        out.push(`  ${subjectLabel(probe, line)}`);
        out.push(`${pad}${search.from.slice(0, 4)} ${timeline(search, line)} ${search.to.slice(0, 4)}`);
        if (line.verdict !== 'changes')
            out.push(`${pad}${steadyText(line)}`);
        for (const change of line.changes) {
            out.push(`${pad}${changeText(change)}`);
            if (change.to === 'fail' && change.message)
                out.push(`${pad}  at ${change.firstAfter}: ${change.message}`);
        }
        if (line.beforeRollover)
            out.push(`${pad}fails before ${formatInstant(ROLLOVER)}`);
    }
    out.push(`${pad}     ${rolloverMarks(search)}`);
    out.push(`${pad}     ^: ${ROLLOVERS.filter((r) => r.at >= new Date(search.from) && r.at <= new Date(search.to))
        .map((r) => r.name)
        .join(', ')}`);
    out.push(`  ${firstFailingText(search)}`);
    return out;
}
/**
 * The job summary's section: its Markdown head, and the timelines as plain lines for the
 * summary to put in a code block.
 */
function searchSummary(search, scripts) {
    const probe = scriptName(scripts, 'probe');
    const head = ['### When each line changes', '', `Search ${search.from} to ${search.to}: ${searchCost(search)}.`, ''];
    const answer = firstFailingText(search);
    const sentence = answer.charAt(0).toUpperCase() + answer.slice(1);
    head.push(search.firstFailing ? `**${sentence}**` : `${sentence}.`);
    const timelines = [];
    for (const line of search.lines) {
        timelines.push(subjectLabel(probe, line));
        timelines.push(`  ${search.from.slice(0, 4)} ${timeline(search, line)} ${search.to.slice(0, 4)}`);
        if (line.verdict !== 'changes')
            timelines.push(`  ${steadyText(line)}`);
        for (const change of line.changes)
            timelines.push(`  ${changeText(change)}`);
    }
    timelines.push(`       ${rolloverMarks(search)}`);
    return { head, timelines };
}

;// CONCATENATED MODULE: ./src/report/report.ts
/**
 * The run's results for people (a text report) and for programs (JSON, schema version
 * REPORT_SCHEMA_VERSION, described in docs/report.schema.json). Pure.
 */







/**
 * 2: the audit section. 3: the control date (`control`), whose failures set findings aside.
 * 4: the stages before the probe (`stages`, outcome setup-failed, finding stages install and
 * setup) and the files from $Y2038_OUT (`out`). 5: the setup script (`setup`), where setup
 * findings are located. 6: the outcome clock-moved. 7: the date search
 * (`search`). Every field of the earlier versions is kept as it was.
 */
const REPORT_SCHEMA_VERSION = 8;
const REPORT_SCHEMA_ID = 'https://github.com/y2038-action/y2038-action/blob/main/docs/report.schema.json';
function jsonDate(d) {
    const rollover = rolloverName(new Date(d.date));
    return {
        date: d.date,
        bootDate: d.bootDate,
        ...(d.fromSnapshot ? { fromSnapshot: true } : {}),
        outcome: d.outcome,
        findings: d.findings.length,
        durationSeconds: d.durationSeconds,
        ...(d.guestClockAtProbe ? { guestClockAtProbe: d.guestClockAtProbe } : {}),
        ...(d.timeT ? { timeT: d.timeT } : {}),
        ...(d.omittedOutputLines ? { omittedOutputLines: d.omittedOutputLines } : {}),
        consoleLog: d.consoleLog,
        ...(d.stages ? { stages: d.stages } : {}),
        ...(d.out ? { out: d.out } : {}),
        ...(d.init ? { init: d.init } : {}),
        ...(d.services ? { services: d.services } : {}),
        ...(d.crossing ? { crossing: d.crossing } : {}),
        ...(d.confirmation ? { confirmation: d.confirmation } : {}),
        ...(rollover ? { rollover } : {}),
    };
}
/**
 * The earliest instant the probe was seen failing: the search's first failing second, or the
 * first date of the run that did not pass, whichever is earlier.
 */
function firstFailingDate(report) {
    const failing = report.dates.filter((d) => !outcomePasses(d.outcome)).map((d) => d.date);
    const candidates = [...failing, ...(report.search?.firstFailing ? [report.search.firstFailing] : [])];
    return candidates.sort()[0];
}
/** pass: every date passed, and with fail-on audit, the audit found nothing either. */
function runResult(report) {
    if (!report.dates.every((d) => outcomePasses(d.outcome)))
        return 'fail';
    return report.options.failOn === 'audit' && report.audit.findings.length > 0 ? 'fail' : 'pass';
}
function toJsonReport(report, toolVersion) {
    const { target, options } = report;
    return {
        $schema: REPORT_SCHEMA_ID,
        schemaVersion: REPORT_SCHEMA_VERSION,
        tool: { name: 'y2038-action', version: toolVersion },
        rollover: formatInstant(ROLLOVER),
        startedAt: report.startedAt,
        durationSeconds: report.durationSeconds,
        result: runResult(report),
        target: {
            arch: target.arch,
            suite: target.suite,
            clock: options.clock,
            accel: report.accel,
            kernel: {
                package: target.kernelPackage,
                arch: target.machine.kernelArch,
                suite: target.kernelSuite,
                release: report.kernel.release,
                ...(target.kernelNote ? { note: target.kernelNote } : {}),
            },
            qemu: target.machine.qemuBinary,
            packages: options.packages,
            mirror: redactCredentials(options.mirror),
            init: options.init,
            ...(report.system ? { system: jsonSystem(report.system) } : {}),
        },
        ...runScripts(options),
        artifacts: {
            kernel: { key: report.kernel.key, built: report.kernel.built, buildSeconds: report.kernel.buildSeconds },
            userland: { key: report.userland.key, built: report.userland.built, buildSeconds: report.userland.buildSeconds },
        },
        dates: report.dates.map(jsonDate),
        ...(report.control ? { control: { ...jsonDate(report.control), failures: report.control.findings } } : {}),
        findings: report.findings,
        ignored: report.ignored.map((i) => ({ reason: i.reason, finding: i.finding })),
        flaky: report.flaky.map((i) => ({ reason: i.reason, finding: i.finding })),
        audit: report.audit,
        ...(report.search ? { search: report.search } : {}),
    };
}
function jsonSystem(system) {
    const { given, digest, os, libc, dpkg } = system;
    return { image: redactCredentials(given), digest, ...(os ? { os } : {}), libc, dpkg };
}
/** The user's own system in a line: what it is, its C library and its digest. */
function systemLine(system) {
    const libc = system.libc === 'unknown' ? 'no C library found (static)' : system.libc;
    return `system: ${system.os ?? 'no os-release'}, ${libc}${system.dpkg ? ', dpkg' : ''} (${system.digest})`;
}
function findingLines(finding, scripts) {
    const place = findingPlace(finding, scripts);
    const where = place.line === undefined && finding.stage === 'services' ? `services  ${finding.program ?? ''}` : place.label;
    const what = finding.check ? `[${finding.check}] ` : '';
    const said = finding.stage === 'services' ? '' : (finding.command ?? finding.program ?? '');
    const when = finding.guestTime
        ? ` (at ${finding.guestTime}${finding.crossing ? `, ${finding.crossing} the crossing` : ''})`
        : '';
    const lines = [`  ${[where, `${what}${said}`].filter((part) => part !== '').join('  ')}${when}`];
    if (finding.ranAs !== undefined)
        lines.push(`      ran as: ${finding.ranAs}`);
    lines.push(`      ${finding.message}`);
    if (finding.exitStatus !== undefined && finding.exitStatus !== 0)
        lines.push(`      exit status ${finding.exitStatus}`);
    if (finding.stage !== 'probe' && finding.context && finding.context.length > 0) {
        for (const line of finding.context.slice(-8))
            lines.push(`      | ${line}`);
    }
    return lines;
}
/** The audit's block of the text report: one line per package, its time32 files below. */
function auditLines(audit, fix) {
    const head = `Static time_t audit (${audit.mode})`;
    if (!audit.affected || audit.packages.length === 0)
        return [`${head}: ${audit.note}`];
    const read = audit.elfFiles !== undefined ? `; ${audit.elfFiles} ELF files read in ${audit.seconds} s at build` : '';
    const lines = [`${head}: ${audit.note}${read}`];
    const width = Math.max(...audit.packages.map((p) => p.package.length));
    for (const pkg of audit.packages) {
        const followed = pkg.followedFrom ? `  (for ${pkg.followedFrom}, which holds no ELF file)` : '';
        lines.push(`  ${pkg.package.padEnd(width)}  ${pkg.class.padEnd(7)}  ${classCounts(pkg)}${followed}`);
        const finding = audit.findings.find((f) => f.package === pkg.package);
        for (const file of finding?.files.slice(0, 5) ?? []) {
            lines.push(`  ${' '.repeat(width)}    ${file.path} (${file.class}: ${file.symbols.slice(0, 6).join(', ')})`);
        }
        if (finding && finding.files.length > 5)
            lines.push(`  ${' '.repeat(width)}    … ${finding.files.length - 5} more`);
    }
    if (fix && audit.findings.length > 0)
        lines.push(`  ${fix}`);
    return lines;
}
/** One line on the control date: when, how it went, how many probe lines failed there. */
function report_controlText(report) {
    const control = report.control;
    if (!control)
        return 'control: none (a line that fails at every date counts as a finding)';
    const failing = control.findings.filter((f) => f.stage === 'probe').length;
    const how = isJudged(control.outcome)
        ? `${failing} probe line(s) failed there`
        : `did not complete: ${outcomeWhat(control.outcome)}`;
    return `control: ${control.date}, ${how} (${control.durationSeconds} s; console: ${control.consoleLog})`;
}
/** The readable report: one block per date with each finding's line, command and message. */
function formatTextReport(report) {
    const { target, options } = report;
    const scripts = runScripts(options);
    const placeOf = (finding) => findingPlace(finding, scripts).label;
    const out = [];
    const userland = report.system ? redactCredentials(report.system.given) : target.suite;
    out.push(`y2038: ${target.arch} ${userland}, clock ${options.clock}, ${report.accel.toUpperCase()}, kernel ${report.kernel.release}${target.kernelNote ? ` (${target.kernelNote})` : ''}`);
    if (report.system)
        out.push(systemLine(report.system));
    out.push(report_controlText(report));
    for (const date of report.dates) {
        out.push('');
        const timeT = date.timeT ? `, time_t ${date.timeT}-bit` : '';
        const rollover = rolloverName(new Date(date.date));
        out.push(`${date.date}${rollover ? ` [${rollover}]` : ''}  ${outcomeLine(date.outcome)}  (${date.durationSeconds} s${timeT})`);
        if (date.guestClockAtProbe && date.guestClockAtProbe !== date.date) {
            out.push(`  guest clock at probe start: ${date.guestClockAtProbe}${date.crossing ? `; it crossed ${date.crossing} while the probe ran` : ''}`);
        }
        if (date.init) {
            out.push(`  systemd: ${date.init.target ?? 'its target'} reached ${date.init.seconds !== undefined ? `${date.init.seconds} s after boot` : ''}${date.init.state ? ` (${date.init.state})` : ''}`.trimEnd());
        }
        for (const service of date.services ?? []) {
            if (service.state === 'failed-at-boot')
                out.push(`  ${service.unit}: failed at boot, before the clock moved (not a Year-2038 failure)`);
        }
        for (const stage of date.stages ?? []) {
            const how = stage.outcome === 'ok' ? 'ok' : outcomeWhat(stage.outcome);
            out.push(`  ${stage.stage === 'install' ? 'install .debs' : 'setup'}: ${how}${stage.clockAtStart ? ` (at ${stage.clockAtStart}${stage.fromSnapshot ? ', once, before the guest was saved' : ''})` : ''}`);
        }
        for (const finding of date.findings)
            out.push(...findingLines(finding, scripts));
        const fix = date.findings.map(remedyFor).find((advice) => advice !== undefined);
        if (fix)
            out.push(`  ${fix}`);
        if (date.out) {
            out.push(`  files from $Y2038_OUT: ${date.out.files} (${date.out.bytes} bytes) in ${date.out.dir}${date.out.overLimit ? ' (over the limit: some are missing or cut)' : ''}`);
            for (const missing of date.out.notBroughtBack.slice(0, 5))
                out.push(`    not brought back: ${missing}`);
        }
        if (date.omittedOutputLines) {
            out.push(`  (${date.omittedOutputLines} lines of probe output not kept here; results.log beside the console log has them all)`);
        }
        out.push(`  console: ${date.consoleLog}`);
        if (date.confirmation) {
            out.push(`  run again to confirm: ${outcomeWhat(date.confirmation.outcome)} (${date.confirmation.durationSeconds} s; console: ${date.confirmation.consoleLog})`);
        }
    }
    if (report.ignored.length > 0) {
        out.push('');
        out.push('Not Year-2038 failures (they fail the same way at the control date or before the rollover):');
        const seen = new Set();
        for (const { finding } of report.ignored) {
            const key = `${finding.stage}:${finding.line}:${finding.message}`;
            if (seen.has(key))
                continue;
            seen.add(key);
            out.push(`  ${placeOf(finding)}  ${finding.command ?? ''}: ${finding.message}`);
        }
    }
    if (report.flaky.length > 0) {
        out.push('');
        out.push('Flaky, not Year-2038 failures (their answer changed when the date or the control ran again):');
        for (const { finding, reason } of report.flaky) {
            out.push(`  ${finding.date}  ${placeOf(finding)}  ${finding.command ?? ''}: ${finding.message} (${reason})`);
        }
    }
    if (report.search)
        out.push('', ...searchTextLines(report.search, scripts));
    out.push('', ...auditLines(report.audit, remedy(target.arch, userlandSuite(target.suite, report.system))));
    const failing = report.dates.filter((d) => !outcomePasses(d.outcome)).length;
    out.push('');
    out.push(`${report.findings.length} finding(s); ${report.dates.length - failing} of ${report.dates.length} date(s) passed; ` +
        (report.audit.findings.length > 0
            ? `${report.audit.findings.length} package(s) with 32-bit time_t files; `
            : '') +
        `${report.durationSeconds} s`);
    return `${out.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/report/artifact-name.ts
/**
 * The names of the workflow artifacts a run publishes: its report (`y2038-report-<key>`) and
 * the marker it uploads when it starts (`y2038-started-<key>`), so that a job that started
 * and never published a report can be named. Pure.
 */



const REPORT_ARTIFACT_PREFIX = 'y2038-report-';
const STARTED_ARTIFACT_PREFIX = 'y2038-started-';
/** The files inside those artifacts. */
const artifact_name_REPORT_FILE = 'y2038-report.json';
const CONSOLE_FILE = 'y2038-console.log';
const artifact_name_STARTED_FILE = 'y2038-started.json';
/** Characters GitHub refuses in an artifact name, as @actions/artifact checks them. */
const INVALID_ARTIFACT_NAME_CHARACTERS = /[":<>|*?\r\n\\/]/;
const MAX_PACKAGES_PART = 60;
function datePart(date) {
    // 2038-01-20T00:00:00Z -> 2038-01-20T000000Z: ':' is not allowed in an artifact name.
    return date.replace(/:/g, '');
}
/**
 * The key both artifact names share: `<arch>-<suite>-<clock>[-<init>]-<packages>-<dates>-<digest>`,
 * e.g. `i386-bookworm-step-base-2038-01-20T000000Z-1a2b3c4d`. Valid as an artifact name,
 * readable in the run's list of artifacts, at most about 150 characters, and different for
 * any two runs whose inputs differ.
 */
function artifactKey(identity) {
    let packages = identity.packages.length > 0 ? identity.packages.join('+') : 'base';
    if (packages.length > MAX_PACKAGES_PART)
        packages = `${packages.slice(0, MAX_PACKAGES_PART - 5)}+more`;
    const dates = identity.dates.map(datePart);
    const datesPart = dates.length <= 3 ? dates.join('_') : `${dates[0]}_to_${dates[dates.length - 1]}_${dates.length}-dates`;
    const digest = (0,external_node_crypto_namespaceObject.createHash)('sha256')
        .update(JSON.stringify([
        identity.arch,
        identity.suite,
        identity.clock,
        identity.init ?? 'sh',
        identity.packages,
        identity.dates,
        identity.rest,
    ]))
        .digest('hex')
        .slice(0, 8);
    const init = identity.init !== undefined ? `-${identity.init}` : '';
    return `${identity.arch}-${identity.suite}-${identity.clock}${init}-${packages}-${datesPart}-${digest}`;
}
/** A probe or setup as a name sees it: the file of the repository, or a digest of the inline text. */
function scriptIdentity(s) {
    if (s === undefined)
        return null;
    return [s.kind, s.relativePath ?? (s.script !== undefined ? (0,external_node_crypto_namespaceObject.createHash)('sha256').update(s.script).digest('hex') : '')];
}
/**
 * How each option enters a run's name: `name` (shown in the name itself), `host` (where this
 * host keeps things, not what is run), or how it is written into the digest. Typed over
 * every option, so that a new one cannot be left out.
 */
const IDENTITY = {
    arch: 'name',
    suite: 'name',
    clock: 'name',
    init: 'name',
    packages: 'name',
    dates: 'name',
    cacheDir: 'host',
    parallel: 'host',
    probe: scriptIdentity,
    setup: scriptIdentity,
    debs: (debs) => debs.map((d) => d.relativePath),
    workdir: (workdir) => workdir?.relativePath ?? null,
    mirror: (mirror) => redactCredentials(mirror),
    control: (control) => (control ? formatInstant(control) : null),
    controlIsHostClock: (auto) => auto === true,
    timeoutSeconds: (seconds) => seconds,
    accel: (accel) => accel,
    audit: (audit) => audit,
    failOn: (failOn) => failOn,
    systemdTarget: (target) => target,
    crossMarginSeconds: (seconds) => seconds,
    confirm: (confirm) => confirm,
    search: (search) => (search ? [formatInstant(search.from), formatInstant(search.to)] : null),
    image: (image) => image?.given ?? null,
};
/** What names a run of these options: the target, the dates, and a digest of every other input. */
function artifactIdentity(options) {
    const rest = {};
    for (const key of Object.keys(IDENTITY).sort()) {
        const how = IDENTITY[key];
        if (typeof how === 'function')
            rest[key] = how(options[key]);
    }
    return {
        arch: options.arch,
        suite: options.suite,
        clock: options.clock,
        ...(options.init !== 'sh' ? { init: options.init } : {}),
        packages: options.packages,
        dates: options.dates.map(formatInstant),
        rest,
    };
}

;// CONCATENATED MODULE: ./src/report/merge.ts



/** The report versions the merge reads: version 5 only added `setup` to version 4. */
const READABLE_SCHEMA_VERSIONS = [4, 5, 6, 7, REPORT_SCHEMA_VERSION];
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const isString = (v) => typeof v === 'string';
const isStringArray = (v) => Array.isArray(v) && v.every(isString);
/** The first field the merge needs that a report lacks, as a path (`dates[1].outcome`), or undefined. */
function missingField(r) {
    const target = r.target;
    if (!isRecord(target))
        return 'target';
    for (const key of ['arch', 'suite', 'clock'])
        if (!isString(target[key]))
            return `target.${key}`;
    if (!isStringArray(target.packages))
        return 'target.packages';
    if (target.init !== undefined && !isString(target.init))
        return 'target.init';
    if (!isRecord(r.probe) || !isString(r.probe.kind))
        return 'probe.kind';
    if (!Array.isArray(r.dates))
        return 'dates';
    for (const [i, d] of r.dates.entries()) {
        if (!isRecord(d))
            return `dates[${i}]`;
        if (!isString(d.date))
            return `dates[${i}].date`;
        if (!isString(d.outcome))
            return `dates[${i}].outcome`;
        if (typeof d.findings !== 'number')
            return `dates[${i}].findings`;
    }
    if (!Array.isArray(r.findings))
        return 'findings';
    for (const [i, f] of r.findings.entries()) {
        if (!isRecord(f))
            return `findings[${i}]`;
        for (const key of ['date', 'stage', 'message'])
            if (!isString(f[key]))
                return `findings[${i}].${key}`;
        if (!isRecord(f.signature) || !isString(f.signature.id))
            return `findings[${i}].signature.id`;
    }
    return undefined;
}
function readMarker(source, value) {
    const target = value.target;
    if (!isString(value.artifact) ||
        !isString(value.startedAt) ||
        !isRecord(target) ||
        !isString(target.arch) ||
        !isString(target.suite) ||
        !isString(target.clock) ||
        !isStringArray(target.packages) ||
        !isStringArray(value.dates)) {
        return { kind: 'problem', source, problem: 'unreadable', detail: 'a start marker without its target and dates' };
    }
    return { kind: 'started', source, marker: value };
}
/** Reads one input: a report, a start marker, or the problem with it, named in one line. */
function readInput(input) {
    const { source, text } = input;
    if (text === undefined) {
        return { kind: 'problem', source, problem: 'missing', detail: input.missing ?? 'no report' };
    }
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
        return {
            kind: 'problem',
            source,
            problem: 'unreadable',
            detail: `not complete JSON (${text.length === 0 ? 'empty' : `truncated or damaged: ${why}`})`,
        };
    }
    if (!isRecord(value))
        return { kind: 'problem', source, problem: 'unreadable', detail: 'not a y2038 report' };
    if (value.kind === 'y2038-started')
        return readMarker(source, value);
    if (!isRecord(value.tool) || value.tool.name !== 'y2038-action' || value.schemaVersion === undefined) {
        return { kind: 'problem', source, problem: 'unreadable', detail: 'not a y2038 report' };
    }
    if (!READABLE_SCHEMA_VERSIONS.includes(value.schemaVersion)) {
        return {
            kind: 'problem',
            source,
            problem: 'version',
            detail: `schema version ${JSON.stringify(value.schemaVersion)} (from y2038-action ${String(value.tool.version)}); this version reads ${READABLE_SCHEMA_VERSIONS.slice(0, -1).join(', ')} and ${READABLE_SCHEMA_VERSIONS.at(-1)}`,
        };
    }
    const missing = missingField(value);
    if (missing !== undefined) {
        return { kind: 'problem', source, problem: 'unreadable', detail: `a report without ${missing}` };
    }
    return { kind: 'report', source, report: value };
}
function targetKey(t) {
    return [t.arch, t.suite, [...t.packages].sort().join(' '), t.clock, t.init ?? 'sh'].join('|');
}
/** `i386 bookworm, clock step`, with the packages when there are any and the init when it is not sh. */
function targetLabel(t) {
    const packages = t.packages.length > 0 ? ` (${[...t.packages].sort().join(' ')})` : '';
    const init = t.init !== undefined && t.init !== 'sh' ? `, init ${t.init}` : '';
    return `${t.arch} ${t.suite}${packages}, clock ${t.clock}${init}`;
}
function gridTarget(t) {
    const packages = [...t.packages].sort();
    const fields = { arch: t.arch, suite: t.suite, packages, clock: t.clock, ...(t.init ? { init: t.init } : {}) };
    return { key: targetKey(fields), ...fields, label: targetLabel(fields) };
}
/**
 * Where a finding is, and the file of the repository it is on, if any (a script outside the
 * repository, given on the command line by its absolute path, is named but is no such file).
 */
function findingWhere(report, finding) {
    const place = findingPlace(finding, report);
    return { where: place.label, ...(place.file ? { file: place.file } : {}) };
}
function compareLines(a, b) {
    const aLine = a.line === undefined ? 1 : 0;
    const bLine = b.line === undefined ? 1 : 0;
    if (aLine !== bLine)
        return aLine - bLine;
    const where = (a.file ?? a.where.replace(/:\d+$/, '')).localeCompare(b.file ?? b.where.replace(/:\d+$/, ''));
    if (where !== 0)
        return where;
    return (a.line ?? 0) - (b.line ?? 0) || a.where.localeCompare(b.where);
}
/** Merges what was read: the grid, the failing lines, the problems and the overall result. */
function mergeReports(inputs) {
    const targets = new Map();
    const dates = new Set();
    const cells = {};
    const problems = [];
    const reports = [];
    const lines = new Map();
    const addCell = (target, date, cell) => {
        const row = targets.get(target.key) ?? { ...target };
        targets.set(target.key, row);
        // A row shows its init when one of its reports named it.
        if (target.init !== undefined && row.init === undefined) {
            row.init = target.init;
            row.label = targetLabel(row);
        }
        dates.add(date);
        ((cells[target.key] ??= {})[date] ??= []).push(cell);
    };
    for (const input of inputs) {
        if (input.kind === 'problem') {
            problems.push({ source: input.source, problem: input.problem, detail: input.detail });
        }
        else if (input.kind === 'report') {
            const { report, source } = input;
            reports.push({ source, report });
            const target = gridTarget(report.target);
            for (const d of report.dates) {
                addCell(target, d.date, { state: 'report', outcome: d.outcome, findings: d.findings, source });
            }
            const searched = report.search?.firstFailing;
            const row = targets.get(target.key);
            if (searched && row && (row.searchFirstFailing === undefined || searched < row.searchFirstFailing))
                row.searchFirstFailing = searched;
            for (const finding of report.findings) {
                const { where, file } = findingWhere(report, finding);
                const groupKey = finding.line !== undefined
                    ? `${where}\u0000${finding.command ?? ''}`
                    : `${finding.stage}\u0000${finding.signature.id}`;
                const line = lines.get(groupKey) ?? {
                    where,
                    stage: finding.stage,
                    ...(file ? { file } : {}),
                    ...(finding.line !== undefined ? { line: finding.line } : {}),
                    ...(finding.command !== undefined ? { command: finding.command } : {}),
                    ...(finding.check !== undefined ? { check: finding.check } : {}),
                    targets: [],
                };
                lines.set(groupKey, line);
                const first = { date: finding.date, message: finding.message, signature: finding.signature.id };
                const seen = line.targets.find((t) => t.target === target.key);
                if (!seen)
                    line.targets.push({ target: target.key, label: target.label, ...first });
                else if (finding.date < seen.date)
                    Object.assign(seen, first);
            }
        }
    }
    // A job that started and published no report: a start marker whose report artifact is not
    // among the reports read (by name: the artifact's, or a directory of that name). Its cells
    // that no other report covers show it.
    const published = new Set(reports.flatMap((r) => r.source.split('/')));
    for (const input of inputs) {
        if (input.kind !== 'started' || published.has(input.marker.artifact))
            continue;
        const target = gridTarget(input.marker.target);
        const uncovered = input.marker.dates.filter((date) => !(cells[target.key]?.[date] ?? []).some((c) => c.state === 'report'));
        for (const date of uncovered)
            addCell(target, date, { state: 'no-report', source: input.marker.artifact });
        problems.push({
            source: input.marker.artifact,
            problem: 'missing',
            detail: `the job for ${target.label} at ${input.marker.dates.join(', ')} started at ${input.marker.startedAt} and published no report: cancelled, timed out or failed before its end`,
        });
    }
    const sortedTargets = [...targets.values()].sort((a, b) => a.key.localeCompare(b.key));
    for (const t of sortedTargets) {
        for (const line of lines.values()) {
            for (const entry of line.targets)
                if (entry.target === t.key)
                    entry.label = t.label;
        }
    }
    const sortedDates = [...dates].sort();
    const failing = Object.values(cells)
        .flatMap((row) => Object.entries(row))
        .filter(([, list]) => list.some((c) => c.state === 'report' && !outcomePasses(c.outcome)))
        .map(([date]) => date)
        .sort();
    const firstFailing = reports
        .map((r) => firstFailingDate(r.report))
        .filter(isString)
        .sort()[0];
    const findings = reports.reduce((n, r) => n + r.report.findings.length, 0);
    const result = failing.length > 0 ? 'fail' : problems.length > 0 || reports.length === 0 ? 'incomplete' : 'pass';
    const sortedLines = [...lines.values()].sort(compareLines);
    for (const line of sortedLines) {
        line.targets.sort((a, b) => sortedTargets.findIndex((t) => t.key === a.target) - sortedTargets.findIndex((t) => t.key === b.target));
    }
    return {
        targets: sortedTargets,
        dates: sortedDates,
        cells,
        lines: sortedLines,
        problems,
        reports,
        findings,
        result,
        ...(firstFailing !== undefined ? { firstFailingDate: firstFailing } : {}),
    };
}
/** A cell's text: `pass`, `2 findings`, another outcome (`boot-failure`), `no report`, or `-` (not run). */
function cellText(cells) {
    if (!cells || cells.length === 0)
        return '-';
    const texts = cells.map((c) => {
        if (c.state === 'no-report')
            return 'no report';
        if (outcomePasses(c.outcome))
            return 'pass';
        if (c.outcome === 'fail')
            return `${c.findings} finding${c.findings === 1 ? '' : 's'}`;
        return c.outcome;
    });
    return [...new Set(texts)].join(' / ');
}
const RESULT_TEXT = {
    pass: outcomeLine('pass'),
    fail: outcomeLine('fail'),
    incomplete: 'INCOMPLETE  nothing failed, but reports are missing or unreadable',
};
/** The merged report as text: the grid, the failing lines, the reports not read. */
function formatMergedText(merged) {
    const out = [];
    const header = ['target', ...merged.dates];
    const rows = merged.targets.map((t) => [t.label, ...merged.dates.map((d) => cellText(merged.cells[t.key]?.[d]))]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const format = (row) => row
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd();
    out.push(`y2038 report: ${merged.reports.length} report(s), ${merged.targets.length} target(s) × ${merged.dates.length} date(s)`);
    out.push('');
    if (merged.targets.length > 0) {
        out.push(format(header));
        for (const row of rows)
            out.push(format(row));
    }
    else {
        out.push('(no report could be read)');
    }
    const searched = merged.targets.filter((t) => t.searchFirstFailing);
    if (searched.length > 0) {
        out.push('');
        out.push('First failing second, per target that searched:');
        for (const t of searched)
            out.push(`  ${t.label}: ${t.searchFirstFailing}`);
    }
    if (merged.lines.length > 0) {
        out.push('');
        out.push('Failing lines (the first date each fails at, per target):');
        for (const line of merged.lines) {
            const what = line.check ? `[${line.check}] ` : '';
            out.push(`  ${line.where}  ${what}${line.command ?? ''}`.trimEnd());
            for (const t of line.targets)
                out.push(`      ${t.label}: from ${t.date}: ${t.message}`);
        }
    }
    if (merged.problems.length > 0) {
        out.push('');
        out.push('Reports not read:');
        for (const p of merged.problems)
            out.push(`  ${p.source}: ${p.problem}: ${p.detail}`);
    }
    out.push('');
    out.push(`${RESULT_TEXT[merged.result]}: ${merged.findings} finding(s)` +
        (merged.firstFailingDate ? `; first failing date ${merged.firstFailingDate}` : ''));
    return `${out.join('\n')}\n`;
}
function toMergedJson(merged, toolVersion) {
    return {
        kind: 'y2038-merged-report',
        schemaVersion: REPORT_SCHEMA_VERSION,
        tool: { name: 'y2038-action', version: toolVersion },
        result: merged.result,
        findings: merged.findings,
        ...(merged.firstFailingDate ? { firstFailingDate: merged.firstFailingDate } : {}),
        dates: merged.dates,
        targets: merged.targets.map(({ key, ...t }) => ({
            ...t,
            cells: merged.dates.map((date) => ({
                date,
                text: cellText(merged.cells[key]?.[date]),
                cells: merged.cells[key]?.[date] ?? [],
            })),
        })),
        lines: merged.lines.map(({ targets, ...line }) => ({ ...line, targets })),
        problems: merged.problems,
        reports: merged.reports,
    };
}

;// CONCATENATED MODULE: ./src/report/sarif.ts
/**
 * Findings as SARIF 2.1.0 for GitHub code scanning: one result per finding, on the line of the
 * probe (or the setup script) that failed, its rule the finding's signature, the date and the
 * target in its message. Pure.
 *
 * A finding with no file of the repository to stand on (the built-in or an inline probe, an
 * inline setup script, the .deb install, a guest that did not boot, did not reach its date
 * or timed out) is not a result: code scanning shows a result only at a location in the
 * repository, and no line of it ran the command. Such a finding is a notification of the
 * run's invocation instead (`toolExecutionNotifications`), with the same rule and message,
 * so that the file still holds every finding; the job summary and the report show them.
 */





const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const TOOL_URI = 'https://github.com/y2038-action/y2038-action';
/**
 * Rules for the signatures that are neither failure texts (detect.ts's SIGNATURES) nor an
 * outcome's own finding (outcomes.ts's table).
 */
const OTHER_RULES = {
    'exit-status': 'A line failed with a non-zero exit status and no known Year-2038 message',
    'time32-file': 'A file of the repository is built with a 32-bit time_t (static audit)',
    'no-probe': 'The guest never reached the probe',
    'clock-step-failed': "The guest's clock could not be set to the date",
};
function ruleText(id) {
    const known = SIGNATURES.find((s) => s.id === id)?.description ?? runOutcomeOf(id)?.rule ?? OTHER_RULES[id];
    if (!known)
        return `Year-2038 finding: ${id}`;
    return known.charAt(0).toUpperCase() + known.slice(1);
}
/** A SARIF URI for a path of the repository: each segment percent-encoded, the slashes kept. */
function fileUri(file) {
    return file.split('/').map(encodeURIComponent).join('/');
}
function messageText(report, finding, where) {
    const what = `${finding.command ?? finding.program ?? finding.stage}${finding.ranAs !== undefined ? ` (ran as \`${finding.ranAs}\`)` : ''}`;
    const check = finding.check ? ` (check ${finding.check})` : '';
    const exit = finding.exitStatus !== undefined && finding.exitStatus !== 0 ? ` (exit status ${finding.exitStatus})` : '';
    const line = finding.line !== undefined ? `${where}: ` : '';
    return `${line}${what}${check} failed at ${finding.date} on ${targetLabel(report.target)}: ${finding.message}${exit}`;
}
/** A probe line's or a unit's finding as the search found it: the first second it fails, when it found one. */
function firstFailingOf(report, finding) {
    const lines = report.search?.lines ?? [];
    const line = finding.stage === 'probe' && finding.line !== undefined
        ? lines.find((l) => l.line === finding.line)
        : finding.stage === 'services' && finding.program !== undefined
            ? lines.find((l) => l.unit === finding.program)
            : undefined;
    const change = line?.changes.find((c) => c.to === 'fail');
    return change ? { firstFailingSecond: change.firstAfter } : {};
}
/** The SARIF log of the findings of these reports, in their order. */
function toSarif(reports, options) {
    const rules = [];
    const ruleIndex = (id) => {
        let index = rules.findIndex((r) => r.id === id);
        if (index < 0) {
            index = rules.push({
                id,
                name: id.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase()),
                shortDescription: { text: ruleText(id) },
                helpUri: `${TOOL_URI}#the-probe`,
                defaultConfiguration: { level: findingSeverity(id) },
            });
            index -= 1;
        }
        return index;
    };
    const results = [];
    const notifications = [];
    for (const report of reports) {
        for (const finding of report.findings) {
            const { where, file } = findingWhere(report, finding);
            const index = ruleIndex(finding.signature.id);
            const text = messageText(report, finding, where);
            const properties = {
                date: finding.date,
                arch: report.target.arch,
                suite: report.target.suite,
                clock: report.target.clock,
                init: report.target.init ?? 'sh',
                packages: report.target.packages,
                stage: finding.stage,
                ...(finding.exitStatus !== undefined ? { exitStatus: finding.exitStatus } : {}),
                ...firstFailingOf(report, finding),
            };
            if (file === undefined || finding.line === undefined) {
                notifications.push({
                    level: findingSeverity(finding.signature.id),
                    message: { text: `${text} (no file of the repository to place it on)` },
                    descriptor: { id: finding.signature.id, index },
                    properties,
                });
                continue;
            }
            const identity = [
                finding.signature.id,
                file,
                finding.command ?? '',
                finding.check ?? '',
                targetLabel(report.target),
                finding.date,
            ].join('\u0000');
            results.push({
                ruleId: finding.signature.id,
                ruleIndex: index,
                level: findingSeverity(finding.signature.id),
                message: { text },
                locations: [
                    {
                        physicalLocation: {
                            artifactLocation: { uri: fileUri(file), uriBaseId: '%SRCROOT%' },
                            region: { startLine: finding.line },
                        },
                    },
                ],
                partialFingerprints: {
                    'y2038FindingHash/v1': (0,external_node_crypto_namespaceObject.createHash)('sha256').update(identity).digest('hex').slice(0, 32),
                },
                properties,
            });
        }
        // The static audit's findings on the user's own files: on the file of the workdir, or on the .deb.
        for (const finding of report.audit?.findings ?? []) {
            const level = finding.severity === 'error' ? 'error' : 'warning';
            for (const { file: uri, files } of ownFileLocations(finding)) {
                const index = ruleIndex('time32-file');
                const inside = finding.source?.kind === 'deb' ? ` in ${uri}` : '';
                const text = `${files.map((f) => `${f.path} (${f.class}: ${f.symbols.slice(0, 6).join(', ')})`).join('; ')}${inside} uses a 32-bit time_t on ${targetLabel(report.target)}`;
                const identity = ['time32-file', uri, ...files.map((f) => f.path), targetLabel(report.target)].join('\u0000');
                results.push({
                    ruleId: 'time32-file',
                    ruleIndex: index,
                    level,
                    message: { text },
                    locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(uri), uriBaseId: '%SRCROOT%' } } }],
                    partialFingerprints: {
                        'y2038FindingHash/v1': (0,external_node_crypto_namespaceObject.createHash)('sha256').update(identity).digest('hex').slice(0, 32),
                    },
                    properties: {
                        arch: report.target.arch,
                        suite: report.target.suite,
                        stage: 'audit',
                        package: finding.package,
                    },
                });
            }
        }
    }
    return {
        $schema: SARIF_SCHEMA_URI,
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: { name: 'y2038-action', version: options.toolVersion, informationUri: TOOL_URI, rules },
                },
                automationDetails: { id: `${options.category}/` },
                invocations: [
                    {
                        executionSuccessful: true,
                        ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
                    },
                ],
                results,
            },
        ],
    };
}

;// CONCATENATED MODULE: ./src/config/version.ts
/** The tool's version; a unit test keeps it equal to package.json's. */
const VERSION = '0.1.0';

;// CONCATENATED MODULE: ./src/outputs/paths.ts
/** Checks of the paths a run will write (the command line's flags, the actions' inputs), made before anything is built or booted. */



/**
 * A directory the run will write into: refused now, before anything is built or booted,
 * when it is under /proc or /sys, is (or is under) a file, or cannot be written.
 */
function checkWritableDirectory(flag, given, cwd) {
    const dir = external_node_path_default().resolve(cwd, given);
    if (/^\/(proc|sys)(\/|$)/.test(dir)) {
        throw new errors_InputError(flag, `'${given}' is under /proc or /sys: give a directory on a filesystem`);
    }
    let existing = dir;
    while (!(0,external_node_fs_namespaceObject.existsSync)(existing))
        existing = external_node_path_default().dirname(existing);
    if (!(0,external_node_fs_namespaceObject.statSync)(existing).isDirectory()) {
        throw new errors_InputError(flag, `'${given}' ${existing === dir ? 'is a file' : `is under ${existing}, a file`}, not a directory`);
    }
    try {
        (0,external_node_fs_namespaceObject.accessSync)(existing, external_node_fs_namespaceObject.constants.W_OK);
    }
    catch {
        throw new errors_InputError(flag, `'${given}' cannot be written by this user (${existing} is not writable)`);
    }
}
/** A file the run will write at its end: its directory must exist now. */
function checkWritableFile(flag, given, cwd) {
    const file = external_node_path_default().resolve(cwd, given);
    const dir = external_node_path_default().dirname(file);
    if (!(0,external_node_fs_namespaceObject.existsSync)(dir) || !(0,external_node_fs_namespaceObject.statSync)(dir).isDirectory()) {
        throw new errors_InputError(flag, `'${given}': the directory ${dir} does not exist`);
    }
    if ((0,external_node_fs_namespaceObject.existsSync)(file) && (0,external_node_fs_namespaceObject.statSync)(file).isDirectory()) {
        throw new errors_InputError(flag, `'${given}' is a directory: give a file name`);
    }
    checkWritableDirectory(flag, dir, cwd);
}
/**
 * A file an action's input names, relative to the workspace: none when the input is empty;
 * refused when it is a directory or under a file (its missing directories are made when it is written).
 */
function outputFileInput(name, value, workspace) {
    if (value === '')
        return undefined;
    const file = path.resolve(workspace, value);
    if (existsSync(file) && statSync(file).isDirectory()) {
        throw new InputError(name, `'${value}' is a directory: give a file name`);
    }
    let dir = path.dirname(file);
    while (!existsSync(dir))
        dir = path.dirname(dir);
    if (!statSync(dir).isDirectory())
        throw new InputError(name, `'${value}' is under ${dir}, a file`);
    return file;
}

;// CONCATENATED MODULE: ./src/outputs/files.ts
/** What a run writes where the user asked: JSON and SARIF files, and links to the repository's lines. */



/** `value` as the tool writes JSON: two-space indented, one newline at the end. */
function jsonText(value) {
    return `${JSON.stringify(value, null, 2)}\n`;
}
/**
 * Writes `value` as JSON to `file`, the path the input `input` named (its directory made if
 * missing); a file that cannot be written is that input's error.
 */
async function writeJsonOutput(input, file, value) {
    try {
        await (0,promises_namespaceObject.mkdir)(external_node_path_default().dirname(file), { recursive: true });
        await (0,promises_namespaceObject.writeFile)(file, jsonText(value));
    }
    catch (error) {
        throw new errors_InputError(input, `'${file}' cannot be written: ${errorMessage(error)}`);
    }
}
/** Links to a line of a file of the repository at the commit being run, when the workflow's environment names them. */
function lineUrl(env) {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = env;
    if (!server || !repo || !sha)
        return undefined;
    return (file, line) => `${server}/${repo}/blob/${sha}/${file.split('/').map(encodeURIComponent).join('/')}#L${line}`;
}

;// CONCATENATED MODULE: ./src/outputs/failure.ts
/** Why a run ended without its result, in the words both edges give it (an exit status, a failed step). */



/** The failure `error` is, its message with any credentials of a URL hidden. */
function classifyFailure(error) {
    if (error instanceof errors_InputError || error instanceof ToolError)
        return { kind: 'refused', message: redactCredentials(error.message) };
    if (error instanceof InterruptedError)
        return { kind: 'interrupted', message: error.message, exitStatus: error.exitStatus };
    return {
        kind: 'internal',
        message: redactCredentials(errorMessage(error)),
        ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
    };
}

;// CONCATENATED MODULE: ./src/cli/io.ts
/** Says why a command ended without its result, on standard error, and returns its exit status. */
function exitWithFailure(io, command, failure) {
    // An interruption was said by the signal's handler, which stops the children; the status is the shell's.
    if (failure.kind === 'interrupted')
        return failure.exitStatus;
    if (failure.kind === 'refused') {
        io.stderr(`${command}: error: ${failure.message}\n`);
        return 2;
    }
    io.stderr(`${command}: internal error: ${failure.message}\n`);
    if (io.env.Y2038_DEBUG && failure.stack)
        io.stderr(`${failure.stack}\n`);
    return 2;
}

;// CONCATENATED MODULE: ./src/outputs/report-files.ts
/**
 * Reads reports from the filesystem for the merge: files as given, directories searched for
 * the report and start-marker files of y2038 artifacts (as actions/download-artifact or this
 * action's own download leave them). A path that is not there, or a directory without a
 * report, is an input with no text and the reason, never an error.
 */



async function readText(file, source) {
    try {
        return { source, text: await (0,promises_namespaceObject.readFile)(file, 'utf8') };
    }
    catch (error) {
        const code = error.code;
        return { source, text: undefined, missing: code === 'ENOENT' ? 'no such file' : `not readable (${code ?? error})` };
    }
}
/** Every report or start marker under `dir`, in name order. */
async function report_files_walk(dir) {
    const found = [];
    const entries = await (0,promises_namespaceObject.readdir)(dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        const full = external_node_path_default().join(dir, entry.name);
        if (entry.isDirectory())
            found.push(...(await report_files_walk(full)));
        else if (entry.isFile() && (entry.name === artifact_name_REPORT_FILE || entry.name === artifact_name_STARTED_FILE))
            found.push(full);
    }
    return found;
}
/**
 * The inputs for these paths (relative to `cwd`): a file is read as it is; a directory gives
 * each y2038-report.json and y2038-started.json under it, named by its path relative to the
 * directory given.
 */
async function readReportPaths(paths, cwd) {
    const inputs = [];
    for (const given of paths) {
        const full = external_node_path_default().resolve(cwd, given);
        const info = await (0,promises_namespaceObject.stat)(full).catch(() => undefined);
        if (!info) {
            inputs.push({ source: given, text: undefined, missing: 'no such file or directory' });
        }
        else if (info.isDirectory()) {
            const files = await report_files_walk(full);
            if (files.length === 0) {
                inputs.push({ source: given, text: undefined, missing: `a directory without ${artifact_name_REPORT_FILE}` });
            }
            for (const file of files)
                inputs.push(await readText(file, external_node_path_default().join(given, external_node_path_default().relative(full, file))));
        }
        else {
            inputs.push(await readText(full, given));
        }
    }
    return inputs;
}
/**
 * The input for one downloaded artifact, named by the artifact: its report, else its start
 * marker, else the reason there is neither.
 */
async function readArtifactDirectory(name, dir) {
    const report = await readText(path.join(dir, REPORT_FILE), name);
    if (report.text !== undefined)
        return report;
    const started = await readText(path.join(dir, STARTED_FILE), name);
    if (started.text !== undefined)
        return started;
    return { source: name, text: undefined, missing: `the artifact has no ${REPORT_FILE}` };
}

;// CONCATENATED MODULE: ./src/cli/report-command.ts
/**
 * `y2038 report FILE...`: the reports of many runs (files, or directories of downloaded
 * artifacts) merged into one grid of targets × dates, printed as text; optionally the merged
 * JSON and SARIF written. The same merge as the report action.
 * Exit status: 0 every cell passed, 1 a cell did not pass or a report is missing or
 * unreadable, 2 bad usage.
 */











const REPORT_HELP = `Usage: y2038 report [options] FILE|DIR...

Merges the JSON reports of many runs (y2038 --json, or the action's report artifacts)
into one grid: a row per target (arch, suite, packages, clock), a column per date, each
cell pass, the number of findings, or another outcome. Below it, each failing line once
with the first date it fails at on each target, and the reports that could not be read.
A directory is searched for y2038-report.json (and y2038-started.json) files, as
actions/download-artifact leaves them.

Options:
  --json FILE        also write the merged report as JSON
  --sarif FILE       also write SARIF 2.1.0 for code scanning: one result per finding
                     on its probe (or setup) line
  --category NAME    the SARIF's code scanning category (default: y2038/report)
  --help             print this help

Exit status: 0 every cell passed, 1 a cell did not pass or a report is missing or
unreadable, 2 bad usage.
`;
const DEFAULT_REPORT_CATEGORY = 'y2038/report';
function checkOutputFile(flag, given, cwd) {
    if (given.trim() === '')
        throw new errors_InputError(flag, 'is empty: give a file name');
    checkWritableFile(flag, given, cwd);
    return external_node_path_default().resolve(cwd, given);
}
async function reportMain(argv, io) {
    let parsed;
    try {
        parsed = (0,external_node_util_namespaceObject.parseArgs)({
            args: argv,
            strict: true,
            allowPositionals: true,
            options: {
                json: { type: 'string' },
                sarif: { type: 'string' },
                category: { type: 'string' },
                help: { type: 'boolean', short: 'h' },
            },
        });
    }
    catch (error) {
        io.stderr(`y2038 report: ${errorMessage(error).split('\n')[0]} (see y2038 report --help)\n`);
        return 2;
    }
    const { values, positionals } = parsed;
    if (values.help) {
        io.stdout(REPORT_HELP);
        return 0;
    }
    try {
        if (positionals.length === 0)
            throw new errors_InputError('FILE', 'give one or more reports or directories of reports');
        const jsonFile = values.json !== undefined ? checkOutputFile('json', values.json, io.cwd) : undefined;
        const sarifFile = values.sarif !== undefined ? checkOutputFile('sarif', values.sarif, io.cwd) : undefined;
        const category = values.category ?? DEFAULT_REPORT_CATEGORY;
        if (category.trim() === '')
            throw new errors_InputError('category', 'is empty: give a name, or leave the flag out');
        const inputs = await readReportPaths(positionals, io.cwd);
        const merged = mergeReports(inputs.map(readInput));
        io.stdout(formatMergedText(merged));
        if (jsonFile) {
            await writeJsonOutput('json', jsonFile, toMergedJson(merged, VERSION));
            io.stderr(`merged JSON report: ${jsonFile}\n`);
        }
        if (sarifFile) {
            const reports = merged.reports.map((r) => r.report);
            await writeJsonOutput('sarif', sarifFile, toSarif(reports, { toolVersion: VERSION, category }));
            io.stderr(`SARIF: ${sarifFile}\n`);
        }
        return merged.result === 'pass' ? 0 : 1;
    }
    catch (error) {
        return exitWithFailure(io, 'y2038 report', classifyFailure(error));
    }
}

;// CONCATENATED MODULE: ./src/host/bash-syntax.ts
/** bash -n on the host: does a probe or setup script parse, before anything boots. */


const bashSyntaxError = (script) => {
    const run = runSync('bash', ['-n'], { input: script, timeoutMs: 10_000 });
    if (run.code === null || run.code === 0)
        return undefined;
    return syntaxComplaint(run.stderr);
};

;// CONCATENATED MODULE: ./src/cli/cli.ts
/**
 * The command-line tool: the same engine as the action, with flags that mirror its inputs.
 * Exit status: 0 no findings, 1 findings, 2 bad input or a failure of the tool itself.
 */





















const HELP = `Usage: y2038 [options]
       y2038 report [options] FILE|DIR...   (merge reports: y2038 report --help)

Boots a Debian guest under QEMU at each date, runs a probe in it and reports the
Year-2038 failures it finds. Without options: i386 bookworm, the built-in probe,
at ${DEFAULTS.dates.join(' and ')}.

Options:
  --date DATE        ISO-8601 date or UTC instant, or rollovers (the edges of the
                     well-known rollovers, 2036 to 2106), or search (see --search);
                     repeat for more dates (default: ${DEFAULTS.dates.join(', ')})
  --search FROM..TO  find, for each probe line, the first second it fails: a scan of
                     the range (both sides of each rollover in it), then a bisection
                     to the second; either end may be left out (default: the control
                     date to 2106-02-07T06:28:16Z, as --date search gives)
  --arch ARCH        Debian architecture: ${ARCHES.join(', ')} (default: ${DEFAULTS.arch})
  --suite SUITE      Debian suite: ${SUITES.join(', ')} (default: ${DEFAULTS.suite})
  --packages LIST    extra Debian packages, space- or comma-separated
  --image IMAGE      your own system as the userland instead of a Debian root:
                     oci-archive:PATH, oci:DIR[:TAG], docker-archive:PATH,
                     docker://REFERENCE or rootfs:PATH (a .tar, .tar.gz, .tar.xz or
                     .tar.zst); --arch defaults to the image's (a tarball: give it);
                     not with --packages or --suite
  --probe FILE       shell script to run in the guest (a path from the current directory)
                     (default: the built-in probe)
  --run SCRIPT       an inline probe script instead of --probe
  --debs FILES       your .deb files (paths or globs in the current directory, space-
                     separated; repeat for more): installed in the guest before the clock
                     moves; their dependencies come from the mirror
  --workdir DIR      a directory of the current directory that appears in the guest at
                     /work (writable, changes are lost), where setup and probe run
  --setup SCRIPT     a script file (or an inline script) run once as root in the guest
                     before the clock moves: build, install, start services
  --clock MODE       step: boot before the rollover, set the clock just before the
                     probe; boot: start the guest's RTC at the date; cross: set the
                     clock --cross-margin seconds before the date (default: the
                     rollover) and let it cross while the probe runs (default: ${DEFAULTS.clock})
  --cross-margin S   clock cross: seconds before the date (default: ${DEFAULTS.crossMarginSeconds})
  --init MODE        sh: the harness is PID 1; systemd: the userland's systemd is, booted
                     to --systemd-target first, and units failing after the clock moves
                     are findings (default: ${DEFAULTS.init})
  --systemd-target T the target systemd boots to (default: ${DEFAULTS.systemdTarget})
  --mirror URL       Debian mirror (default: ${DEFAULTS.mirror})
  --timeout SECONDS  per guest (default: ${DEFAULTS.timeoutSeconds})
  --accel MODE       auto: KVM when it is there and works, else TCG; kvm; tcg
                     (default: ${DEFAULTS.accel})
  --audit MODE       static time_t audit of a 32-bit userland's ELF files: packages
                     (those of --packages), all (every ELF file), none
                     (default: ${DEFAULTS.audit})
  --fail-on WHAT     findings: exit 1 when a date did not pass; audit: also when the
                     audit names a package; never: exit 0 whatever was found
                     (default: ${DEFAULTS.failOn})
  --control WHEN     auto: also run the probe at the host's date (before the rollover);
                     a line that fails there too is not a Year-2038 failure; none: do
                     not; or a date before the rollover (default: ${DEFAULTS.control})
  --confirm BOOL     true: run a date with findings again from the saved guest (and the
                     control) before reporting them; a line whose answer changes is
                     flaky, listed apart, not a finding; false: do not (default: ${DEFAULTS.confirm})
  --parallel N       dates run at once, each in a guest of its own; auto: as many as
                     the host's cores and free memory take (default: ${DEFAULTS.parallel})
  --cache-dir DIR    where built kernels and root filesystems are kept
                     (default: $XDG_CACHE_HOME/y2038-action or ~/.cache/y2038-action)
  --output DIR       where console logs and the probe's files from $Y2038_OUT go
                     (default: a new directory under ${external_node_os_default().tmpdir()})
  --json FILE        write the report as JSON (schema: docs/report.schema.json)
  --sarif FILE       write SARIF 2.1.0 for code scanning: one result per finding on
                     its probe (or setup) line
  --verbose          show the guest's console while it runs
  --version          print the version
  --help             print this help

Exit status: 0 no findings, 1 findings (see --fail-on), 2 bad input or the tool failed.
`;
const cli_FLAGS = {
    date: { type: 'string', multiple: true },
    search: { type: 'string' },
    arch: { type: 'string' },
    suite: { type: 'string' },
    packages: { type: 'string', multiple: true },
    image: { type: 'string' },
    probe: { type: 'string' },
    run: { type: 'string' },
    debs: { type: 'string', multiple: true },
    workdir: { type: 'string' },
    setup: { type: 'string' },
    init: { type: 'string' },
    'systemd-target': { type: 'string' },
    'cross-margin': { type: 'string' },
    confirm: { type: 'string' },
    parallel: { type: 'string' },
    clock: { type: 'string' },
    mirror: { type: 'string' },
    timeout: { type: 'string' },
    'cache-dir': { type: 'string' },
    accel: { type: 'string' },
    audit: { type: 'string' },
    'fail-on': { type: 'string' },
    control: { type: 'string' },
    output: { type: 'string' },
    json: { type: 'string' },
    sarif: { type: 'string' },
    verbose: { type: 'boolean' },
    version: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
};
/**
 * `--timeout -5` as `--timeout=-5`: a value that starts with a dash but is no flag of ours is
 * the flag's value (parseArgs calls it ambiguous), so that the input's own check names it.
 */
function joinDashValues(argv, flags = cli_FLAGS) {
    const known = new Set(Object.entries(flags ?? {}).flatMap(([name, f]) => [`--${name}`, ...(f.short ? [`-${f.short}`] : [])]));
    const out = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const next = argv[i + 1];
        const flag = arg.startsWith('--') ? flags?.[arg.slice(2)] : undefined;
        if (flag?.type === 'string' &&
            next !== undefined &&
            next.startsWith('-') &&
            next !== '--' &&
            !known.has(next.split('=')[0])) {
            out.push(`${arg}=${next}`);
            i++;
        }
        else
            out.push(arg);
    }
    return out;
}
async function main(argv, io) {
    if (argv[0] === 'report')
        return reportMain(argv.slice(1), io);
    let parsed;
    try {
        parsed = (0,external_node_util_namespaceObject.parseArgs)({
            args: joinDashValues(argv, cli_FLAGS),
            strict: true,
            allowPositionals: false,
            options: cli_FLAGS,
        });
    }
    catch (error) {
        const missing = /^Option '--([\w-]+)(?: <value>)?' argument (?:missing|is ambiguous)/.exec(errorMessage(error));
        io.stderr(missing
            ? `y2038: error: ${missing[1]}: --${missing[1]} needs a value (see --help)\n`
            : `y2038: ${errorMessage(error).split('\n')[0]} (see --help)\n`);
        return 2;
    }
    const values = parsed.values;
    if (values.help) {
        io.stdout(HELP);
        return 0;
    }
    if (values.version) {
        io.stdout(`${VERSION}\n`);
        return 0;
    }
    let madeOutput;
    try {
        const raw = {
            dates: values.date,
            search: values.search,
            arch: values.arch,
            suite: values.suite,
            packages: values.packages?.join(' '),
            image: values.image,
            probe: values.probe,
            run: values.run,
            clock: values.clock,
            mirror: values.mirror,
            timeout: values.timeout,
            cacheDir: values['cache-dir'],
            accel: values.accel,
            audit: values.audit,
            failOn: values['fail-on'],
            control: values.control,
            debs: values.debs?.join(' '),
            workdir: values.workdir,
            setup: values.setup,
            init: values.init,
            systemdTarget: values['systemd-target'],
            crossMargin: values['cross-margin'],
            confirm: values.confirm,
            parallel: values.parallel,
        };
        for (const [name, value] of Object.entries(values)) {
            const given = Array.isArray(value) ? value : [value];
            if (given.some((v) => typeof v === 'string' && v.trim() === '')) {
                throw new errors_InputError(name, 'is empty: give a value, or leave the flag out for the default');
            }
        }
        if (values['cache-dir'])
            checkWritableDirectory('cache-dir', values['cache-dir'], io.cwd);
        if (values.output)
            checkWritableDirectory('output', values.output, io.cwd);
        if (values.json)
            checkWritableFile('json', values.json, io.cwd);
        if (values.sarif)
            checkWritableFile('sarif', values.sarif, io.cwd);
        const options = parseOptions(raw, {
            repositoryRoot: io.cwd,
            env: io.env,
            scriptsAnywhere: true,
            syntaxError: bashSyntaxError,
        });
        // Without --output, a new directory of this user's alone, whatever else is in the shared temporary directory.
        madeOutput = values.output
            ? undefined
            : (0,external_node_fs_namespaceObject.mkdtempSync)(external_node_path_default().join(external_node_os_default().tmpdir(), `y2038-${new Date().toISOString().replace(/[:.]/g, '').slice(0, 15)}-`));
        const outputDir = madeOutput ?? external_node_path_default().resolve(io.cwd, values.output);
        const log = new StderrLogger(io.stderr);
        const report = await runY2038(options, {
            runner: new ProcessRunner(),
            log,
            outputDir,
            snapshots: snapshotsWanted(process.env),
            keptGuests: keptGuestsWanted(process.env),
            ramFile: ramFileWanted(process.env),
            onConsole: values.verbose ? (chunk) => io.stderr(chunk.toString('utf8')) : undefined,
        });
        io.stdout(`\n${formatTextReport(report)}`);
        const json = toJsonReport(report, VERSION);
        if (values.json) {
            const file = external_node_path_default().resolve(io.cwd, values.json);
            await writeJsonOutput('json', file, json);
            io.stderr(`JSON report: ${file}\n`);
        }
        if (values.sarif) {
            const file = external_node_path_default().resolve(io.cwd, values.sarif);
            const category = `y2038/${artifactKey(artifactIdentity(options))}`;
            await writeJsonOutput('sarif', file, toSarif([json], { toolVersion: VERSION, category }));
            io.stderr(`SARIF: ${file}\n`);
        }
        return runResult(report) === 'pass' || options.failOn === 'never' ? 0 : 1;
    }
    catch (error) {
        // Refused or stopped before anything was written there: no empty directory left behind.
        if (madeOutput)
            await (0,promises_namespaceObject.rmdir)(madeOutput).catch(() => undefined);
        return exitWithFailure(io, 'y2038', classifyFailure(error));
    }
}


/***/ }),

/***/ 486:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _cli_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(449);
/** Entry of the command-line bundle (dist/cli/index.js). */

process.exitCode = await (0,_cli_js__WEBPACK_IMPORTED_MODULE_0__/* .main */ .iW)(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
});

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(486);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
