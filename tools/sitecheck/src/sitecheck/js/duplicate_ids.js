// Ids used more than once on the page, with their counts.
() => {
  const seen = new Map();
  for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) || 0) + 1);
  return Array.from(seen).filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n}x)`);
}
