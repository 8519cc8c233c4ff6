/**
 * A camera model scores a grid of patches shaped like the photo (45 x 80 for
 * 1920x1080); every prediction stores a square grid, which the pages stretch
 * over the photo. Each square cell keeps the hottest patch whose centre lies
 * in it, so a hairline's one hot patch is not averaged away.
 */
export function squareHeatmap(values: ArrayLike<number>, rows: number, columns: number, size: number): number[] {
  const out = new Array<number>(size * size).fill(0);
  for (let r = 0; r < rows; r++) {
    const row = Math.min(size - 1, Math.floor(((r + 0.5) * size) / rows));
    for (let c = 0; c < columns; c++) {
      const column = Math.min(size - 1, Math.floor(((c + 0.5) * size) / columns));
      const i = row * size + column;
      out[i] = Math.max(out[i] ?? 0, values[r * columns + c] ?? 0);
    }
  }
  return out;
}
