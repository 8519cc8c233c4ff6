// Days and moments typed as the app writes them (lib/text/dates.ts): ISO
// order, whatever the browser's locale, with the zone said beside them. A
// native date picker would show 12/01/2026 to one engineer and 01.12.2026 to
// another.

const BASE = "rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 tabular-nums";

const KINDS = {
  day: { pattern: "\\d{4}-\\d{2}-\\d{2}", placeholder: "YYYY-MM-DD", title: "A day as YYYY-MM-DD", size: 10 },
  moment: { pattern: "\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}", placeholder: "YYYY-MM-DD HH:MM", title: "A moment as YYYY-MM-DD HH:MM", size: 16 },
} as const;

interface IsoInputProps {
  name: string;
  defaultValue?: string;
  required?: boolean;
  className?: string;
}

function IsoInput({ kind, name, defaultValue, required, className }: IsoInputProps & { kind: keyof typeof KINDS }) {
  const { pattern, placeholder, title, size } = KINDS[kind];
  return (
    <input
      type="text"
      name={name}
      defaultValue={defaultValue}
      required={required}
      inputMode="numeric"
      pattern={pattern}
      placeholder={placeholder}
      title={title}
      autoComplete="off"
      size={size}
      className={className ?? BASE}
    />
  );
}

/** A day, YYYY-MM-DD. */
export function DayInput(props: IsoInputProps) {
  return <IsoInput kind="day" {...props} />;
}

/** A moment to the minute, YYYY-MM-DD HH:MM, read in the zone the form names. */
export function MomentInput(props: IsoInputProps) {
  return <IsoInput kind="moment" {...props} />;
}
