// Progressive enhancement of the review of a draft; everything works without it (the server counts a
// changed proposal as accepted too). Changing a proposal's value ticks its Accept, unless it was rejected.
(() => {
  for (const fieldset of document.querySelectorAll('fieldset.proposal')) {
    const accept = fieldset.querySelector('.decision input[value="accept"]');
    const reject = fieldset.querySelector('.decision input[value="reject"]');
    if (!accept || !reject) continue;
    fieldset.addEventListener('input', (event) => {
      if (event.target === accept || event.target === reject) return;
      if (!reject.checked) accept.checked = true;
    });
  }
})();
