import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ModelPlayground } from "@/components/models/model-playground";
import { PageHeader } from "@/components/ui/page-header";
import { requirePlace } from "@/lib/auth/session";
import { BACKENDS, type BackendName } from "@/lib/model/inference-backends";
import { shippedModel } from "@/lib/model";

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
  const model = shippedModel(version);
  if (!model) notFound();
  const { backend } = await searchParams;
  // ?backend=wasm pins one backend (benchmarks); by default the first that starts.
  const backends: BackendName[] = BACKENDS.includes(backend as BackendName) ? [backend as BackendName] : [...BACKENDS];
  const evaluations = Object.entries(model.evaluation) as [string, { defectRecall?: number; falseRejectRate?: number; photos?: number }][];
  return (
    <>
      <PageHeader title={`Model ${model.version}`}>
        Classes {model.classes.join(", ")}; input {model.inputSize}×{model.inputSize} grey; operating threshold P(defect) ≥{" "}
        {model.thresholds.decision.toFixed(3)}.
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
