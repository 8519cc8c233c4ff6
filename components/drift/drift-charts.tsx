"use client";

// Recharts leaves for /drift: each receives numbers the server computed.
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const HEIGHT = 180;

export interface SeriesPoint {
  unitsSeen: number;
  value: number;
  threshold: number;
}

/** The statistic per window (PSI, or z of a drop) with the alert threshold it is held to. */
export function DriftOverTime({ points, statistic }: { points: SeriesPoint[]; statistic: string }) {
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="unitsSeen" tick={{ fontSize: 10 }} label={{ value: "units", position: "insideBottomRight", fontSize: 10, offset: 0 }} />
        <YAxis tick={{ fontSize: 10 }} width={44} tickFormatter={(v: number) => v.toFixed(2)} />
        <Tooltip formatter={(value) => Number(value).toFixed(3)} labelFormatter={(label) => `after ${label} units`} />
        <Line type="monotone" dataKey="value" name={statistic} stroke="#0369a1" dot={false} strokeWidth={2} isAnimationActive={false} />
        <Line type="stepAfter" dataKey="threshold" name="alert threshold" stroke="#dc2626" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

export interface BinShare {
  bin: string;
  reference: number;
  current: number;
}

/** The latest window's distribution over the reference's bins, beside the reference's. */
export function Distribution({ bins }: { bins: BinShare[] }) {
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={bins} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="bin" tick={{ fontSize: 9 }} interval={0} angle={-30} textAnchor="end" height={40} />
        <YAxis tick={{ fontSize: 10 }} width={40} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
        <Tooltip formatter={(value) => `${(Number(value) * 100).toFixed(1)}%`} />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        <Bar dataKey="reference" name="reference" fill="#94a3b8" isAnimationActive={false} />
        <Bar dataKey="current" name="current window" fill="#0369a1" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
