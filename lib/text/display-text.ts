import { z } from "zod";

// Names people give things (accounts, stations, defect classes) are shown to
// other people: they are stored in one Unicode form (NFC), and characters
// that make text read otherwise than it is stored are refused: bidi overrides
// and isolates ("evil\u202Egnp.exe" shows as "evilexe.png"), zero-width
// characters (two names that look alike but differ) and control characters.

// C0/C1 controls, zero-width space/joiners, word joiner, BOM, bidi embeddings, overrides, isolates and marks.
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

/** Why a piece of display text is refused, or null when it is fine. */
export function displayTextProblem(text: string): string | null {
  return HIDDEN.test(text) ? "must not contain control, zero-width or text-direction characters" : null;
}

/** A zod string for a name shown to people: trimmed, NFC-normalised, length-checked, hidden characters refused. */
export function displayText(min: number, max: number) {
  return z
    .string()
    .transform((text) => text.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .min(min)
        .max(max)
        .refine((text) => displayTextProblem(text) === null, { message: "must not contain control, zero-width or text-direction characters" }),
    );
}
