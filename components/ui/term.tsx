import Link from "next/link";
import { glossaryEntry, type GlossaryId } from "@/lib/text";

/** A term with its one-line meaning where it stands (hover or focus the "i" beside it), and the glossary one click away. */
export function Term({ id, children }: { id: GlossaryId; children: React.ReactNode }) {
  const entry = glossaryEntry(id);
  return (
    <span className="inline-flex items-baseline gap-0.5">
      {children}
      <Link
        href={`/glossary#${entry.id}`}
        title={entry.short}
        aria-label={`${entry.term}: ${entry.short} More in the glossary.`}
        className="ml-0.5 inline-flex h-3.5 w-3.5 items-center justify-center self-center rounded-full border border-sky-600 text-[9px] font-semibold normal-case leading-none text-sky-700 no-underline hover:bg-sky-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-600"
      >
        i
      </Link>
    </span>
  );
}
