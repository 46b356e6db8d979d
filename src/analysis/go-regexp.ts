// Prometheus compiles label matchers and relabel regexes with Go's regexp package. intgen checks them with re2js,
// a port of RE2 that accepts a few things Go's regexp/syntax does not: `(?<name>…)` groups (Go only since 1.22;
// Prometheus releases built with older Go reject them) and Unicode classes Go's tables lack (binary properties
// such as \p{Alphabetic}, \p{Cn}, scripts newer than Unicode 13). A regex is accepted only when both would.
import { relabelRegexError } from './relabel/simulate.js';

/**
 * The \p{…} names Go's regexp knows in every release since Go 1.19 (Unicode 13): its general categories, its
 * scripts, and Any. Newer Go releases know more; a name outside this list may be rejected by the Prometheus
 * that loads the rules.
 */
const goUnicodeClasses = new Set(
  [
    'Any C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs',
    'Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali Bhaiksuki Bopomofo',
    'Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham Cherokee Chorasmian Common',
    'Coptic Cuneiform Cypriot Cyrillic Deseret Devanagari Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs Elbasan Elymaic',
    'Ethiopic Georgian Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi Gurmukhi Han Hangul Hanifi_Rohingya Hanunoo',
    'Hatran Hebrew Hiragana Imperial_Aramaic Inherited Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi',
    'Kannada Katakana Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki Khudawadi Lao Latin Lepcha Limbu Linear_A',
    'Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic Manichaean Marchen Masaram_Gondi Medefaidrin',
    'Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian Mro Multani Myanmar Nabataean',
    'Nandinagari New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Old_Hungarian Old_Italic',
    'Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Oriya Osage Osmanya Pahawh_Hmong',
    'Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada Shavian Siddham',
    'SignWriting Sinhala Sogdian Sora_Sompeng Soyombo Sundanese Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham',
    'Tai_Viet Takri Tamil Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Ugaritic Vai Wancho Warang_Citi Yezidi Yi',
    'Zanabazar_Square',
  ]
    .join(' ')
    .split(' '),
);

/**
 * Why Go's regexp rejects a regex that re2js parses, or undefined. Walks the regex as Go's parser does (escapes,
 * \Q…\E, character classes, whose first `]` is literal), looking only for what re2js accepts beyond Go;
 * everything else re2js has checked.
 */
function beyondGo(regex: string): string | undefined {
  let depth = 0;
  /** Where the current character class's items start, or -1 outside a class. */
  let classItems = -1;
  for (let i = 0; i < regex.length; ) {
    const c = regex[i];
    if (c === '\\') {
      const next = regex[i + 1];
      if (next === 'Q' && classItems < 0) {
        const end = regex.indexOf('\\E', i + 2);
        if (end < 0) break;
        i = end + 2;
        continue;
      }
      const problem = next === 'p' || next === 'P' ? unicodeClassProblem(regex, i) : undefined;
      if (problem) return problem;
      i += 2;
    } else if (classItems >= 0) {
      const posixEnd = regex.startsWith('[:', i) ? regex.indexOf(':]', i + 2) : -1;
      if (c === ']' && i > classItems) classItems = -1;
      i = posixEnd >= 0 ? posixEnd + 2 : i + 1;
    } else if (c === '[') {
      i += regex[i + 1] === '^' ? 2 : 1;
      classItems = i;
    } else {
      if (c === '(' && regex.startsWith('(?<', i) && regex[i + 3] !== '=' && regex[i + 3] !== '!') {
        const close = regex.indexOf('>', i);
        const name = regex.slice(i + 3, close < 0 ? undefined : close);
        return (
          `Go's regexp before Go 1.22, and so the Prometheus built with it, rejects the group syntax \`(?<${name}>…)\`: ` +
          `write \`(?P<${name}>…)\``
        );
      }
      if (c === '(') depth += 1;
      if (c === ')' && --depth < 0) {
        return `unexpected ) at character ${i + 1}: Prometheus parses a matcher's regex on its own too, not only anchored`;
      }
      i += 1;
    }
  }
  return undefined;
}

/** The problem with the \p or \P class at `at`, when Go does not know its name. */
function unicodeClassProblem(regex: string, at: number): string | undefined {
  let name: string;
  let written: string;
  if (regex[at + 2] === '{') {
    const close = regex.indexOf('}', at + 3);
    if (close < 0) return undefined;
    name = regex.slice(at + 3, close);
    written = regex.slice(at, close + 1);
  } else {
    const codePoint = regex.codePointAt(at + 2);
    if (codePoint === undefined) return undefined;
    name = String.fromCodePoint(codePoint);
    written = regex.slice(at, at + 2 + name.length);
  }
  if (name.startsWith('^')) name = name.slice(1);
  if (goUnicodeClasses.has(name)) return undefined;
  return (
    `Go's regexp has no Unicode class \`${written}\`: it knows the general categories (L, Lu, Nd, …), ` +
    'the scripts of Unicode 13 (Greek, Latin, …) and Any, not binary properties or newer scripts'
  );
}

/**
 * Why Prometheus (Go's regexp) rejects a regex, or undefined when it compiles: RE2 syntax as re2js parses it,
 * anchored at both ends as Prometheus compiles matchers and relabel regexes, and nothing re2js accepts beyond Go.
 */
export function goRegexpError(regex: string): string | undefined {
  return relabelRegexError(regex) ?? beyondGo(regex);
}
