import Link from "next/link";
import { glossaryEntry, type GlossaryId } from "@/lib/text/glossary";

/** A term with its one-line meaning where it stands (hover or focus the ⓘ), and the glossary one click away. */
export function Term({ id, children }: { id: GlossaryId; children: React.ReactNode }) {
  const entry = glossaryEntry(id);
  return (
    <span className="inline-flex items-baseline gap-0.5">
      {children}
      <Link
        href={`/glossary#${entry.id}`}
        title={entry.short}
        aria-label={`${entry.term}: ${entry.short} More in the glossary.`}
        className="text-xs text-sky-700 no-underline hover:underline"
      >
        ⓘ
      </Link>
    </span>
  );
}
