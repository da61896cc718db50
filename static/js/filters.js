// The case list applies its filters as they change: a ticked value, the sort or a date
// reloads the list at once. The page works without this script: the "Apply filters"
// buttons submit the same form. Empty fields are left out of the address.
(function () {
  "use strict";

  var form = document.getElementById("list-search");
  if (!form || !window.URLSearchParams || !window.FormData) {
    return;
  }

  function go() {
    var query = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (String(value).trim() !== "") {
        query.append(name, value);
      }
    });
    var results = document.querySelector(".results");
    if (results) {
      results.setAttribute("aria-busy", "true");
    }
    var search = query.toString();
    window.location.assign(form.action + (search ? "?" + search : ""));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    go();
  });

  // Checkboxes of the facets belong to the form through their form attribute.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.form !== form || field.type === "search") {
      return;
    }
    go();
  });

  // On a wide screen the filters are a column beside the results, always open; on a
  // narrow one they stay behind their disclosure, above the results.
  var filters = document.querySelector("details[data-wide-open]");
  if (filters && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 60em)");
    var follow = function () {
      filters.open = wide.matches;
    };
    follow();
    if (wide.addEventListener) {
      wide.addEventListener("change", follow);
    }
  }
})();
