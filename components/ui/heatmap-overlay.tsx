/** Where the model looked: its patch scores as translucent red squares over a square photo. */
export function HeatmapOverlay({ heatmap, className = "" }: { heatmap: readonly number[]; className?: string }) {
  const size = Math.round(Math.sqrt(heatmap.length));
  return (
    <div aria-hidden className={`pointer-events-none absolute inset-0 grid ${className}`} style={{ gridTemplateColumns: `repeat(${size}, 1fr)` }}>
      {heatmap.map((heat, i) => (
        <div key={i} style={{ backgroundColor: `rgba(239, 68, 68, ${heat > 0.2 ? Math.min(0.5, heat * 0.5) : 0})` }} />
      ))}
    </div>
  );
}
