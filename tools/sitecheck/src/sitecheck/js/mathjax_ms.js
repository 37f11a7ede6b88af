// Milliseconds from navigation start to <body data-mathjax="done"> (stamp.js's mark), or null.
() => {
  const m = performance.getEntriesByName("bp-mathjax-done");
  return m.length ? m[0].startTime : null;
}
