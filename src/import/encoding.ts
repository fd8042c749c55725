// A text file's bytes → its text, whatever the department's editor saved it as: UTF-8 (with or without a
// BOM), UTF-16 with a BOM (Windows Notepad's "Unicode"), or GBK / GB18030, what Chinese Windows writes by
// default ("ANSI"). No file system here: the command line reads the file, the portal the drop.

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  /** The text, without its byte order mark. */
  readonly text: string;
  /** What the bytes were read as. */
  readonly encoding: TextEncoding;
}

/**
 * A BOM says what the bytes are; without one, bytes that are valid UTF-8 are UTF-8 (ASCII included), and any
 * others are read as GB18030, which covers GBK and GB2312. Nothing in between is guessed: a Chinese report
 * that is not valid UTF-8 is all but certainly GBK, and GB18030 maps every GBK byte pair to the same text.
 * A byte sequence GB18030 cannot read either becomes U+FFFD, which the import then reports where it lands.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { text: decoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (a === 0xff && b === 0xfe) return { text: decoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (a === 0xfe && b === 0xff) return { text: decoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: decoder('utf-8', true).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

// ignoreBOM: the BOM was looked at above and is never there any more; a U+FEFF further in is text.
function decoder(label: TextEncoding, fatal = false): TextDecoder {
  try {
    return new TextDecoder(label, { fatal, ignoreBOM: true });
  } catch (e) {
    // Node built with small ICU (or none) knows UTF-8 and UTF-16LE only.
    throw new Error(`this JavaScript runtime cannot decode ${label} text (Node needs full ICU, the default build): ${(e as Error).message}`);
  }
}
