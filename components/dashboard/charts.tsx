"use client";

// Recharts leaves: each receives numbers the server computed, never a query.
import {
  Area,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

const HEIGHT = 260;
const pct = (value: number) => `${Math.round(value * 100)}%`;
const MARGIN = { top: 8, right: 16, bottom: 18, left: 8 };
const AXIS_TEXT = { fontSize: 11, fill: "#475569" };
/** An axis's quantity and unit, under the x axis or along the y axis. */
const xLabel = (value: string) => ({ value, position: "insideBottom" as const, offset: -12, ...AXIS_TEXT });
const yLabel = (value: string, side: "left" | "right" = "left") => ({
  value,
  angle: side === "left" ? -90 : 90,
  position: side === "left" ? ("insideLeft" as const) : ("insideRight" as const),
  style: { textAnchor: "middle" as const },
  ...AXIS_TEXT,
});
/** A percentage axis that starts near the lowest value and never passes 100%. */
const toHundred: [(min: number) => number, number] = [(min: number) => Math.max(0, Math.floor(min * 10) / 10), 1];

export interface AgreementPoint {
  day: string;
  agreement: number | null;
  band: [number, number];
  units: number;
}

/** Agreement per day with its 95% Wilson band. */
export function AgreementOverTime({ points }: { points: AgreementPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <ComposedChart data={points} margin={MARGIN}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="day" tick={{ fontSize: 11 }} label={xLabel("day (UTC)")} />
        <YAxis domain={toHundred} allowDataOverflow tickFormatter={pct} tick={{ fontSize: 11 }} width={56} label={yLabel("agreement")} />
        <Tooltip formatter={(value) => (Array.isArray(value) ? value.map((v) => pct(Number(v))).join(" – ") : pct(Number(value)))} />
        <Area type="monotone" dataKey="band" name="95% interval" stroke="none" fill="#bae6fd" isAnimationActive={false} />
        <Line type="monotone" dataKey="agreement" name="agreement" stroke="#0369a1" dot={false} strokeWidth={2} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

export interface ClassBar {
  label: string;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export function ClassBars({ bars }: { bars: ClassBar[] }) {
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={bars} margin={MARGIN}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} label={xLabel("class")} />
        <YAxis domain={[0, 1]} tickFormatter={pct} tick={{ fontSize: 11 }} width={56} label={yLabel("score")} />
        <Tooltip formatter={(value) => pct(Number(value))} />
        <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="precision" fill="#0ea5e9" isAnimationActive={false} />
        <Bar dataKey="recall" fill="#6366f1" isAnimationActive={false} />
        <Bar dataKey="f1" name="F1" fill="#94a3b8" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export interface ConfidenceBar {
  bin: string;
  agree: number;
  disagree: number;
}

/** How sure the model was, split by whether the inspector agreed. */
export function ConfidenceHistogram({ bars }: { bars: ConfidenceBar[] }) {
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={bars} margin={MARGIN}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="bin" tick={{ fontSize: 11 }} label={xLabel("model confidence (bin start)")} />
        <YAxis scale="sqrt" tick={{ fontSize: 11 }} width={64} label={yLabel("units (square-root scale)")} />
        <Tooltip />
        <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="agree" stackId="a" fill="#10b981" isAnimationActive={false} />
        <Bar dataKey="disagree" stackId="a" fill="#ef4444" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export interface ReliabilityPoint {
  confidence: number;
  accuracy: number;
  units: number;
}

/** Reliability diagram: accuracy against mean confidence per bin; the diagonal is perfect calibration. */
export function ReliabilityDiagram({ points }: { points: ReliabilityPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <ComposedChart data={points} margin={MARGIN}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis type="number" dataKey="confidence" domain={[0, 1]} tickFormatter={pct} tick={{ fontSize: 11 }} label={xLabel("mean confidence in the bin")} />
        <YAxis type="number" domain={[0, 1]} tickFormatter={pct} tick={{ fontSize: 11 }} width={56} label={yLabel("share right")} />
        <Tooltip formatter={(value) => pct(Number(value))} />
        <ReferenceLine
          segment={[
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ]}
          stroke="#94a3b8"
          strokeDasharray="4 4"
        />
        <Scatter dataKey="accuracy" fill="#6366f1" isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

export interface TimePoint {
  day: string;
  median: number | null;
  p90: number | null;
}

export function TimeToDecide({ points }: { points: TimePoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <LineChart data={points} margin={MARGIN}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="day" tick={{ fontSize: 11 }} label={xLabel("day (UTC)")} />
        <YAxis tickFormatter={(v: number) => `${(v / 1000).toFixed(1)} s`} tick={{ fontSize: 11 }} width={60} label={yLabel("time to decide")} />
        <Tooltip formatter={(value) => `${Math.round(Number(value))} ms`} />
        <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
        <Line type="monotone" dataKey="median" stroke="#0369a1" dot={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="p90" name="90th percentile" stroke="#f59e0b" dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

export interface WhatIfPoint {
  threshold: number;
  decided: number | null;
  disagreement: number | null;
}

/** Share the model would decide alone, and how often it would disagree, per confidence threshold. */
export function ThresholdWhatIf({ points, marks }: { points: WhatIfPoint[]; marks: { label: string; threshold: number }[] }) {
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <LineChart data={points} margin={MARGIN}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis type="number" dataKey="threshold" domain={[0.5, 1]} tick={{ fontSize: 11 }} label={xLabel("confidence threshold t")} />
        <YAxis yAxisId="share" domain={[0, 1]} tickFormatter={pct} tick={{ fontSize: 11 }} width={56} label={yLabel("decided by the model")} />
        <YAxis
          yAxisId="rate"
          orientation="right"
          domain={[0, 1]}
          tickFormatter={pct}
          tick={{ fontSize: 11 }}
          width={56}
          label={yLabel("disagreement", "right")}
        />
        <Tooltip formatter={(value) => pct(Number(value))} labelFormatter={(t) => `threshold ${t}`} />
        <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
        <Line yAxisId="share" type="stepAfter" dataKey="decided" name="decided by the model" stroke="#0369a1" dot={false} isAnimationActive={false} />
        <Line yAxisId="rate" type="stepAfter" dataKey="disagreement" name="disagreement among them" stroke="#ef4444" dot={false} isAnimationActive={false} />
        {marks.map((mark, i) => (
          // Neighbouring marks (pass at t, reject at t) take turns top and bottom so their labels never overlap.
          <ReferenceLine
            key={mark.label}
            yAxisId="share"
            x={mark.threshold}
            stroke="#64748b"
            strokeDasharray="4 4"
            label={{ value: mark.label, fontSize: 11, position: i % 2 === 0 ? "insideTopLeft" : "insideBottomLeft", fill: "#334155" }}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
