// True once every figure image shows the file its <picture> chooses at the current viewport
// (after a resize the browser picks the source asynchronously) and that file has loaded or
// failed: for page.wait_for_function after a change of width. Images not displayed (the other
// palette's) count too: figures.js reads which file each shows.
() => Array.from(document.querySelectorAll("figure img")).every((img) => {
  if (!img.complete) return false;
  const pic = img.closest("picture");
  const source = Array.from(pic ? pic.querySelectorAll("source") : []).find(
    (s) => !s.media || matchMedia(s.media).matches
  );
  return img.currentSrc === (source ? new URL(source.srcset, location.href).href : img.src);
})
