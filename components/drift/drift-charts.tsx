"use client";

// Recharts leaves for /drift: each receives numbers the server computed.
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatInstant } from "@/lib/text";

const HEIGHT = 180;

export interface SeriesPoint {
  unitsSeen: number;
  /** When the window closed (ISO). */
  windowEnd: string;
  value: number;
  threshold: number;
}

/** The statistic per window (PSI, or z of a drop) with the alert threshold it is held to. */
export function DriftOverTime({ points, statistic, timeZone }: { points: SeriesPoint[]; statistic: string; timeZone: string }) {
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <LineChart data={points} margin={{ top: 8, right: 12, bottom: 16, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis
          dataKey="windowEnd"
          tick={{ fontSize: 10 }}
          tickFormatter={(iso: string) => formatInstant(new Date(iso), { timeZone }).slice(5, 16)}
          label={{ value: `window end (${timeZone})`, position: "insideBottom", offset: -12, fontSize: 10, fill: "#475569" }}
        />
        <YAxis
          tick={{ fontSize: 10 }}
          width={52}
          tickFormatter={(v: number) => v.toFixed(2)}
          label={{ value: statistic, angle: -90, position: "insideLeft", fontSize: 10, fill: "#475569" }}
        />
        <Tooltip
          formatter={(value) => Number(value).toFixed(3)}
          labelFormatter={(label, payload) =>
            `${formatInstant(new Date(String(label)), { timeZone })}, after ${(payload?.[0]?.payload as SeriesPoint | undefined)?.unitsSeen ?? "?"} units`
          }
        />
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
        <XAxis dataKey="bin" tick={{ fontSize: 9 }} interval={0} angle={-30} textAnchor="end" height={48} />
        <YAxis
          tick={{ fontSize: 10 }}
          width={48}
          tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
          label={{ value: "share of units", angle: -90, position: "insideLeft", fontSize: 10, fill: "#475569" }}
        />
        <Tooltip formatter={(value) => `${(Number(value) * 100).toFixed(1)}%`} />
        <Legend verticalAlign="top" height={22} wrapperStyle={{ fontSize: 11 }} />
        <Bar dataKey="reference" name="reference" fill="#94a3b8" isAnimationActive={false} />
        <Bar dataKey="current" name="current window" fill="#0369a1" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
