/* eligibility: the find-by-situation page. Builds a household file from the form's answers,
 * screens it with the compiled rules (eligibility-evaluate.js) and shows, for the person
 * asking and for each child, every program with its outcome and its reasons. The answers
 * are kept in the address (?category=retiree&age=62&pension=2400...), so a situation can be
 * linked to, and an address with them shows the result at once. */
(function () {
  "use strict";
  const page = window.ELIGIBILITY_PAGE, rules = window.ELIGIBILITY_RULES, E = window.Eligibility;
  const words = page.words;
  const form = document.getElementById("eligibility-situation-form");
  const out = document.getElementById("eligibility-results");
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    children.forEach((c) => node.append(c));
    return node;
  };
  const numberOrNull = (text) => (text === "" || text === null || text === undefined ? null : Number(text));

  /* A birth date that gives `age` on `on`, away from any birthday. */
  const bornFor = (age, on) => E.addMonths(on, -12 * age - 6);

  /* The household file the answers describe, and the id of the person asking. */
  function household(a) {
    const on = a.on, age = numberOrNull(a.age), pension = numberOrNull(a.pension);
    const birth = age === null ? null : bornFor(age, on);
    const killed = a.killed === "yes" ? true : a.killed === "no" ? false : null;
    const deceased = a.officer === "deceased" || killed === true || a.category === "widow"
      || a.category === "honorary_member";
    // Only an officer who has died can have been killed on duty.
    const officer = { id: "officer", status: "active", killed_on_duty: deceased ? killed : false };
    const file = { id: "situation", affiliate: officer, spouses: [], children: [], parents: [],
                   bank_account: a.bank === "yes" ? true : a.bank === "no" ? false : null };
    if (deceased) Object.assign(officer, { status: "deceased", death_date: E.addMonths(on, -12) });
    let applicant = "officer";
    switch (a.category) {
      case "active_officer":
        Object.assign(officer, { status: "active", death_date: null, birth_date: birth,
                                 killed_on_duty: false });
        break;
      case "retiree":
        Object.assign(officer, { status: "retired", death_date: null, birth_date: birth,
                                 killed_on_duty: false, monthly_pension: pension });
        break;
      case "widow":
        Object.assign(officer, { status: "deceased", death_date: E.addMonths(on, -12) });
        file.spouses.push({ id: "applicant", sex: "female", birth_date: birth, monthly_pension: pension });
        applicant = "applicant";
        break;
      case "former_spouse":
        file.spouses.push({ id: "applicant", sex: "female", birth_date: birth,
                            monthly_pension: pension, divorce_date: E.addMonths(on, -6) });
        applicant = "applicant";
        break;
      case "honorary_member":
        Object.assign(officer, { status: "deceased", death_date: E.addMonths(on, -12),
                                 killed_on_duty: true });
        file.parents.push({ id: "applicant", birth_date: birth });
        applicant = "applicant";
        break;
      default: // a rights holder: a child of the officer
        file.children.push({ id: "applicant", birth_date: birth });
        applicant = "applicant";
    }
    (a.children || "").split(/[ ,]+/).filter((s) => s !== "").forEach((s, i) => {
      file.children.push({ id: `child-${i + 1}`, birth_date: bornFor(Number(s), on) });
    });
    return { file, applicant };
  }

  function answers() {
    const data = new FormData(form), a = {};
    for (const [k, v] of data.entries()) a[k] = String(v).trim();
    a.on = a.on || page.asOf;
    return a;
  }

  function show(a) {
    const { file, applicant } = household(a);
    let decisions;
    out.textContent = "";
    try {
      decisions = E.screen(rules, file, a.on);
    } catch (error) {
      out.append(el("p", { class: "eligibility-error" }, fill(words.error, { problem: error.message })));
      return;
    }
    window.eligibilitySituation = { household: file, on: a.on, applicant, decisions };
    out.append(el("h2", {}, fill(words.results, { date: longDate(a.on) })));
    const people = [applicant, ...file.children.map((c) => c.id).filter((id) => id !== applicant)];
    for (const id of people) {
      const mine = decisions.filter((d) => d.applicant === id);
      const child = file.children.find((c) => c.id === id);
      const who = id === applicant
        ? fill(words.applicant, { category: page.categories[a.category] || "" })
        : fill(words.child, { n: id.replace("child-", ""), age: child && child.birth_date ? E.ageOn(child.birth_date, a.on) : "?" });
      const section = el("section", { class: "eligibility-person", "data-person": id });
      section.append(el("h3", {}, fill(words.for, { person: who })));
      if (!mine.length) section.append(el("p", {}, words.none));
      const list = el("ul", { class: "eligibility-decisions" });
      for (const d of mine) list.append(decision(d));
      section.append(list);
      out.append(section);
    }
  }

  function decision(d) {
    const texts = (d.period && d.period.texts) || { title: {}, criteria: {}, outputs: {} };
    const title = (texts.title && texts.title[page.lang]) || d.program;
    const klass = { eligible: "eligibility-met", ineligible: "eligibility-not-met" }[d.outcome] || "eligibility-unknown";
    const item = el("li", { "data-program": d.program, "data-applicant": d.applicant, "data-outcome": d.outcome });
    const head = el("p", {}, el("a", { href: page.links[d.program] }, title), " — ",
                    el("span", { class: klass }, page.outcomes[d.outcome]));
    if (d.period && d.period.evidence && d.period.evidence !== "sourced") {
      head.append(" ", el("span", { class: "eligibility-assumption" }, `(${page.evidence[d.period.evidence]})`));
    }
    item.append(head);
    const reasons = el("ul", { class: "eligibility-reasons" });
    for (const c of d.criteria) {
      const text = (texts.criteria[c.id] || {})[page.lang] || c.id;
      const mark = { passed: "✓", failed: "✗", unknown: "?" }[c.result];
      const line = el("li", { "data-criterion": c.id, "data-result": c.result },
                      `${mark} ${text} — ${page.results[c.result]}`);
      if (d.period && (d.period.assumed || []).includes(c.id)) {
        line.append(" ", el("span", { class: "eligibility-assumption" }, `(${words.assumption})`));
      }
      if (c.exceptions.length) line.append(` (${words.exceptions} ${c.exceptions.join(", ")})`);
      reasons.append(line);
    }
    item.append(reasons);
    const shown = Object.entries(d.outputs).filter(([, v]) => v !== null);
    if (shown.length) {
      const benefit = el("p", { class: "eligibility-benefit" });
      shown.forEach(([name, value], i) => {
        const label = (texts.outputs[name] || {})[page.lang] || name;
        benefit.append(`${i ? "; " : ""}${label}: ${shownValue(d.program, name, value)}`);
      });
      item.append(benefit);
    }
    if (d.missing.length) item.append(el("p", {}, `${words.missing} `, el("code", {}, d.missing.join(", "))));
    return item;
  }

  const locale = page.lang === "ar" ? "ar-MA-u-nu-latn" : page.lang;

  /* A date in words, in the page's language (the library writes 3 October 2002 so too). */
  function longDate(day) {
    const format = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
    return format.format(new Date(`${day}T00:00:00Z`));
  }

  function shownValue(programId, name, value) {
    const program = rules.programs.find((p) => p.id === programId);
    const output = program.outputs.find((o) => o.name === name);
    if (typeof value === "boolean") return value ? words.yes : words.no;
    if (typeof value === "string") return (output.labels[value] || {})[page.lang] || value;
    const number = new Intl.NumberFormat(locale).format(value);
    const unit = output.unit ? output.unit[page.lang] : null;
    if (!unit) return number;
    if (unit.text) return `${number}\u00a0${unit.text}`;
    // A counted noun, in the form its number asks for (CLDR's plural rules, as the library).
    const form = unit.forms[new Intl.PluralRules(locale).select(value)] || unit.forms.other;
    return form.replace("{n} ", `${number}\u00a0`).replace(" {n}", `\u00a0${number}`)
      .replace("{n}", number);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const a = answers();
    history.replaceState(null, "", `?${new URLSearchParams(a).toString()}`);
    show(a);
  });
  const query = new URLSearchParams(window.location.search);
  form.elements.on.value = query.get("on") || page.asOf;
  for (const [k, v] of query.entries()) if (form.elements[k]) form.elements[k].value = v;
  if (query.has("category")) show(answers());
}());
