// Text people type and other people read: one normal form, nothing hidden.
export { displayText, displayTextProblem } from "./display-text.ts";
export { canonicalTimeZone, formatDay, formatInstant, formatTime, instantOf, knownTimeZones } from "./dates.ts";
export { GLOSSARY, glossaryEntry, type GlossaryEntry, type GlossaryId } from "./glossary.ts";
export { binLabels } from "./bin-labels.ts";
export { parseLabelsCsv, type LabelProblem, type LabelRow } from "./labels-csv.ts";
