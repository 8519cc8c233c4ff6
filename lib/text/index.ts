// Text people type and other people read: one normal form, nothing hidden.
export { displayText, displayTextProblem } from "./display-text.ts";
export { formatDay, formatInstant, formatTime } from "./dates.ts";
