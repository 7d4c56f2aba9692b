// The canvas painter's one hot loop, in JS (src/ui/canvas.rs says why).
//
// Starts a new path on `ctx` and adds `runs.length` polylines to it: run r
// is the next `runs[r]` points of `xy`, a flat array of x, y pairs in
// backend pixels (an Int32Array view of wasm memory, not a copy). The
// caller then strokes or fills the path; `fill` closes every polyline
// itself (an explicit `closePath` per shape profiled as the largest cost of
// a histogram's thousand bars).
//
// Why not `new Path2D(svgPathString)`: building the string in wasm, copying
// it into a JS string and having the browser parse it cost twice as much as
// this loop of `lineTo` calls (30 lines of 2,600 points: 7-8 ms vs 3.4 ms in
// headless Chromium); why not `lineTo` from wasm: a wasm-to-JS call per
// point (about 1 us each) costs more than both.
export function tracePath(ctx, xy, runs) {
  ctx.beginPath();
  let k = 0;
  for (let r = 0; r < runs.length; r++) {
    const n = runs[r];
    if (n === 0) continue;
    ctx.moveTo(xy[k], xy[k + 1]);
    k += 2;
    for (let i = 1; i < n; i++, k += 2) {
      ctx.lineTo(xy[k], xy[k + 1]);
    }
  }
}
