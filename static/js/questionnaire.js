// Tremplin questionnaire: show/hide conditional questions, save answers in the background, keep
// unsent changes in the browser until the server has them. The page works without this script:
// every button submits the form, which saves the section.
(function () {
  "use strict";

  var form = document.getElementById("section-form");
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  document.querySelectorAll("form[data-submit-once]").forEach(function (f) {
    f.addEventListener("submit", function (event) {
      if (f.dataset.sent) { event.preventDefault(); return; }
      f.dataset.sent = "1";
      f.querySelectorAll("button[type=submit]").forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
    });
  });
  if (!form) return;

  var status = document.getElementById("save-status");
  var revisionInput = form.querySelector("input[name=revision]");
  var storageKey = form.dataset.storageKey + ":" + form.dataset.section;
  var texts = status.dataset;
  var timer = null;
  var inFlight = null;
  var DELAY = 800;

  function say(text, kind) {
    status.textContent = text || "";
    status.dataset.state = kind || "";
  }

  // ---- answers on the page

  function collect() {
    var answers = {}, others = {};
    form.querySelectorAll("[data-question]").forEach(function (wrapper) {
      var key = wrapper.dataset.question, type = wrapper.dataset.type;
      if (type === "file") return;
      var name = "q-" + key;
      if (type === "multiple_choice") {
        answers[key] = Array.prototype.map.call(
          form.querySelectorAll("input[name='" + name + "']:checked"), function (i) { return i.value; });
      } else if (type === "single_choice" || type === "yes_no" || type === "level") {
        var checked = form.querySelector("input[name='" + name + "']:checked");
        answers[key] = checked ? checked.value : "";
      } else {
        var field = form.elements[name];
        answers[key] = field ? field.value : "";
      }
      var other = form.elements[name + "-other"];
      if (other) others[key] = other.value;
    });
    return { answers: answers, others: others };
  }

  function apply(saved) {
    Object.keys(saved.answers).forEach(function (key) {
      var value = saved.answers[key], name = "q-" + key;
      var inputs = form.querySelectorAll("[name='" + name + "']");
      inputs.forEach(function (input) {
        if (input.type === "checkbox") input.checked = value.indexOf(input.value) !== -1;
        else if (input.type === "radio") input.checked = input.value === value;
        else if (input.type !== "file") input.value = value;
      });
    });
    Object.keys(saved.others || {}).forEach(function (key) {
      var other = form.elements["q-" + key + "-other"];
      if (other) other.value = saved.others[key];
    });
  }

  // ---- conditions (same rules as questionnaires/definition.py: evaluate)

  function answered(value) {
    return !(value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length));
  }

  function evaluate(condition, answers) {
    if (condition.all) return condition.all.every(function (c) { return evaluate(c, answers); });
    if (condition.any) return condition.any.some(function (c) { return evaluate(c, answers); });
    if (condition.not) return !evaluate(condition.not, answers);
    var value = answers[condition.question];
    if ("answered" in condition) return answered(value) === condition.answered;
    if ("equals" in condition) return value !== undefined && String(value) === String(condition.equals);
    if ("one_of" in condition) return value !== undefined && condition.one_of.map(String).indexOf(String(value)) !== -1;
    if ("contains" in condition) return Array.isArray(value) && value.indexOf(condition.contains) !== -1;
    return true;
  }

  function refreshVisibility() {
    var known = JSON.parse(form.dataset.answers || "{}");
    var current = Object.assign({}, known, collect().answers);
    // A question hidden on this page counts as unanswered for the others (repeat until stable).
    for (var round = 0; round < 5; round++) {
      var changed = false;
      form.querySelectorAll("[data-show-if]").forEach(function (wrapper) {
        var show = evaluate(JSON.parse(wrapper.dataset.showIf), current);
        if (!show) delete current[wrapper.dataset.question];
        if (wrapper.hidden === show) { wrapper.hidden = !show; changed = true; }
      });
      if (!changed) break;
    }
  }

  // ---- saving

  function remember() {
    var data = collect();
    data.revision = Number(revisionInput.value);
    try { localStorage.setItem(storageKey, JSON.stringify(data)); } catch (e) { /* private mode: no copy */ }
    return data;
  }

  function forget() {
    try { localStorage.removeItem(storageKey); } catch (e) { /* nothing stored */ }
  }

  function showFieldErrors(errors) {
    form.querySelectorAll("[data-live-error]").forEach(function (p) { p.remove(); });
    Object.keys(errors).forEach(function (key) {
      var wrapper = document.getElementById("qw-" + key);
      if (!wrapper) return;
      var p = document.createElement("p");
      p.className = "invalid-feedback d-block";
      p.dataset.liveError = "1";
      p.id = "q-" + key + "-live-error";
      p.textContent = errors[key];
      wrapper.appendChild(p);
    });
  }

  function showConflict(body) {
    var box = document.getElementById("conflict");
    var list = box.querySelector("[data-conflict-list]");
    list.textContent = "";
    (body.changed || []).forEach(function (row) {
      var li = document.createElement("li");
      var strong = document.createElement("strong");
      strong.textContent = row.label;
      li.appendChild(strong);
      li.appendChild(document.createTextNode(" — " + row.value));
      list.appendChild(li);
    });
    box.hidden = false;
    box.focus();
    say(texts.conflict, "conflict");
  }

  function save() {
    timer = null;
    if (inFlight) return inFlight.then(save);
    var data = remember();
    if (!navigator.onLine) { say(texts.offline, "offline"); return Promise.resolve(); }
    say(texts.saving, "saving");
    inFlight = fetch(form.dataset.autosaveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": form.elements.csrfmiddlewaretoken.value
      },
      body: JSON.stringify({
        revision: data.revision, section: form.dataset.section, answers: data.answers, others: data.others
      })
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (result) {
      if (result.status === 200) {
        revisionInput.value = result.body.revision;
        forget();
        showFieldErrors(result.body.errors || {});
        say(Object.keys(result.body.errors || {}).length ? texts.invalid : texts.saved, "saved");
      } else if (result.status === 409 && result.body.conflict) {
        showConflict(result.body);
      } else {
        say(result.body.error || texts.error, "error");
      }
    }).catch(function () {
      say(texts.offline, "offline");
    }).then(function () { inFlight = null; });
    return inFlight;
  }

  function changed() {
    refreshVisibility();
    remember();
    say(texts.pending, "pending");
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, DELAY);
  }

  form.addEventListener("input", function (event) {
    if (event.target.type !== "file") changed();
  });
  form.addEventListener("change", function (event) {
    if (event.target.type === "file") say(texts.file, "pending");
    else changed();
  });
  window.addEventListener("online", function () {
    if (localStorage.getItem(storageKey)) save();
  });

  // Wait for a background save before the form itself is sent, so both use the same revision.
  form.addEventListener("submit", function (event) {
    if (!timer && !inFlight) return;
    event.preventDefault();
    var submitter = event.submitter;
    if (timer) { clearTimeout(timer); timer = null; }
    Promise.resolve(inFlight).then(save).then(function () {
      if (document.getElementById("conflict").hidden) form.requestSubmit(submitter);
    });
  });

  // Changes this browser could not send last time.
  var pending = null;
  try { pending = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { pending = null; }
  if (pending) {
    if (pending.revision === Number(revisionInput.value)) {
      apply(pending);
      save();
    } else {
      forget();
      say(texts.stale, "conflict");
    }
  }
  refreshVisibility();
})();
