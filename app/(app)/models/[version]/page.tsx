import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ModelPlayground } from "@/components/models/model-playground";
import { PageHeader } from "@/components/ui/page-header";
import { requirePlace } from "@/lib/auth";
import { BACKENDS, type BackendName, type ModelMetadata, isCameraModel, shippedModel } from "@/lib/model";
import { db } from "@/lib/db";
import { formatInstant } from "@/lib/text";

export const metadata: Metadata = { title: "Model" };

const pct = (value: unknown) => (typeof value === "number" ? `${(100 * value).toFixed(1)}%` : "–");

export default async function ModelVersionPage({
  params,
  searchParams,
}: {
  params: Promise<{ version: string }>;
  searchParams: Promise<{ backend?: string }>;
}) {
  const { version } = await params;
  await requirePlace("/models", `/models/${version}`);
  // Shipped with the code, or registered in the database (trained from /models, or history without files).
  const row = await db().modelVersion.findUnique({
    where: { version },
    include: { _count: { select: { predictions: true, activeOnStations: true, candidateOnStations: true } } },
  });
  const model = shippedModel(version) ?? (row?.artifactPath ? (row.metadata as unknown as ModelMetadata) : null);
  if (!model && !row) notFound();
  if (!model && row) {
    return (
      <>
        <PageHeader title={`Model ${row.version}`}>
          No artifact: this version has no model files, so no browser can run it and it cannot become a candidate. It is on record for the evidence made with
          it.
        </PageHeader>
        <dl className="grid max-w-xl grid-cols-[12rem_1fr] gap-y-1 text-sm">
          <dt className="text-slate-500">Classes</dt>
          <dd>{(row.classes as string[]).join(", ")}</dd>
          <dt className="text-slate-500">Registered</dt>
          <dd>{formatInstant(row.createdAt)}</dd>
          <dt className="text-slate-500">Predictions on record</dt>
          <dd data-testid="predictions">{row._count.predictions}</dd>
          <dt className="text-slate-500">Active on</dt>
          <dd>{row._count.activeOnStations} stations</dd>
          <dt className="text-slate-500">Candidate on</dt>
          <dd>{row._count.candidateOnStations} stations</dd>
        </dl>
        <p className="mt-4 text-sm">
          Its predictions count in the{" "}
          <a className="underline" href="/dashboard">
            dashboard
          </a>{" "}
          like any other version&apos;s.
        </p>
      </>
    );
  }
  if (!model) notFound();
  const { backend } = await searchParams;
  // ?backend=wasm pins one backend (benchmarks); by default the first that starts.
  const backends: BackendName[] = BACKENDS.includes(backend as BackendName) ? [backend as BackendName] : [...BACKENDS];
  const evaluations = Object.entries(model.evaluation) as [string, { defectRecall?: number; falseRejectRate?: number; photos?: number }][];
  return (
    <>
      <PageHeader title={`Model ${model.version}`}>
        Classes {model.classes.join(", ")};{" "}
        {isCameraModel(model)
          ? `a camera model: the whole 1920×1080 photo in colour at ${model.input?.width ?? model.inputSize} pixels wide, every 24×24-pixel patch scored`
          : `input ${model.inputSize}×${model.inputSize} grey`}
        ; operating threshold P(defect) ≥ {model.thresholds.decision.toFixed(3)}.
      </PageHeader>
      <table className="mb-6 text-sm">
        <caption className="sr-only">Evaluation</caption>
        <thead>
          <tr className="text-left text-slate-500">
            <th className="pr-6 font-medium">Data</th>
            <th className="pr-6 font-medium">Photos</th>
            <th className="pr-6 font-medium">Defect recall</th>
            <th className="font-medium">False rejects</th>
          </tr>
        </thead>
        <tbody>
          {evaluations.map(([name, result]) => (
            <tr key={name}>
              <td className="pr-6">{name}</td>
              <td className="pr-6">{result.photos}</td>
              <td className="pr-6">{pct(result.defectRecall)}</td>
              <td>{pct(result.falseRejectRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ModelPlayground metadata={model} backends={backends} />
    </>
  );
}
