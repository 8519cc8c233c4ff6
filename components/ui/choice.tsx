/** A labelled select for GET filter forms, with an "any" first option that sends nothing. */
export function Choice({
  name,
  label,
  anyLabel,
  value,
  choices,
}: {
  name: string;
  label: string;
  anyLabel: string;
  value: string | undefined;
  choices: readonly { value: string; label: string }[];
}) {
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
      {label}
      <select name={name} defaultValue={value ?? ""} className="rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900">
        <option value="">{anyLabel}</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}
