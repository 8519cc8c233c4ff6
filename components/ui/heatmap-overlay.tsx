/** Where the model looked: its patch scores (a square grid over the photo, whatever its proportions) as translucent red cells, laid over a PhotoFrame. */
export function HeatmapOverlay({ heatmap }: { heatmap: readonly number[] }) {
  const size = Math.round(Math.sqrt(heatmap.length));
  return (
    <div aria-hidden data-testid="heatmap" className="pointer-events-none absolute inset-0 grid" style={{ gridTemplateColumns: `repeat(${size}, 1fr)` }}>
      {heatmap.map((heat, i) => (
        <div key={i} style={{ backgroundColor: `rgba(239, 68, 68, ${heat > 0.2 ? Math.min(0.5, heat * 0.5) : 0})` }} />
      ))}
    </div>
  );
}
