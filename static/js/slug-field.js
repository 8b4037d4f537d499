// Progressive enhancement for "URL name" fields (clubs.forms.SlugFromNameForm): while the
// coach types the name, fill in the URL name the server would make (without its -2, -3:
// the server adds those) and show it in the help text's example address. Typing in the
// URL name itself stops the filling. Without this file the server fills an empty one.
(function () {
  "use strict";
  var slug = document.querySelector("input[data-slug-from]");
  if (!slug) return;
  var name = document.getElementById(slug.dataset.slugFrom);
  var auto = slug.form && slug.form.querySelector("input[name=slug_auto]");
  var club = slug.dataset.slugClub ? document.getElementById(slug.dataset.slugClub) : null;
  var prefixes = slug.dataset.slugPrefixes ? JSON.parse(slug.dataset.slugPrefixes) : {};
  var previews = document.querySelectorAll("[data-slug-preview]");
  var following = slug.value === "" || (auto && auto.value === "True");
  if (!name) return;

  // The same steps as Django's slugify(): ASCII only, lower case, hyphens between words.
  function slugify(text) {
    return text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase()
      .replace(/[^\w\s-]/g, "").replace(/[-\s]+/g, "-").replace(/^[-_]+|[-_]+$/g, "");
  }

  // clubs.slugs.team_slug_base: a team's URL name starts with its club's.
  function base(text) {
    var own = slugify(text);
    var prefix = club ? (prefixes[club.value] || "") : (slug.dataset.slugPrefix || "");
    if (!own || !prefix || own === prefix || own.indexOf(prefix + "-") === 0) return own;
    return prefix + "-" + own;
  }

  function show() {
    previews.forEach(function (preview) {
      preview.textContent = slug.value || preview.dataset.slugSample;
    });
  }

  function fill() {
    if (!following) return;
    slug.value = name.value.trim() ? base(name.value).slice(0, 60) : "";
    if (auto) auto.value = slug.value ? "True" : "";
    show();
  }

  name.addEventListener("input", fill);
  if (club) club.addEventListener("change", fill);
  slug.addEventListener("input", function () {
    following = slug.value === "";
    if (auto) auto.value = "";
    if (following) fill(); else show();
  });
  fill();
})();
