// True once every image of the page has loaded or failed (a broken image is complete too),
// for page.wait_for_function.
() => Array.from(document.images).every((img) => img.complete)
