/* eligibility: the compiled rule book evaluated in the browser.
 *
 * The rules come as JSON (eligibility._compile.export, written at docs build time); this
 * evaluator follows the library's reference semantics (eligibility/_engines/interpreter.py):
 * three-valued Kleene logic, an unknown value carrying the paths of the facts it misses,
 * default logic for exceptions, the first matching row of an output table. A test runs it
 * over every example household of the rule pack and compares it with the native engine.
 *
 * Dates are ISO texts ("2025-07-08"), which compare as dates; numbers are JavaScript
 * numbers. Eligibility.screen(rules, file, on) gives what `eligibility screen` gives: for
 * every program in the rule book, each person of the file it applies to, the outcome, each
 * criterion's result, the exceptions applied and the benefit.
 */
(function (global) {
  "use strict";

  class Unknown {
    constructor(missing) { this.missing = new Set(missing || []); }
  }
  const ABSENT = { absent: true };
  class RuleError extends Error {}

  const isUnknown = (v) => v instanceof Unknown;
  function merge(...values) {
    const missing = new Set();
    for (const v of values) if (isUnknown(v)) v.missing.forEach((m) => missing.add(m));
    return new Unknown(missing);
  }

  // -- calendar (eligibility/_engines/runtime.py) -------------------------------------------
  const pad = (n, w) => String(n).padStart(w, "0");
  const parse = (d) => ({ y: +d.slice(0, 4), m: +d.slice(5, 7), d: +d.slice(8, 10) });
  const iso = (y, m, d) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
  const monthDays = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  const dayNumber = (d) => { const p = parse(d); return Date.UTC(p.y, p.m - 1, p.d) / 86400000; };
  function ageOn(birth, on) {
    const b = parse(birth), o = parse(on);
    return o.y - b.y - ((o.m < b.m || (o.m === b.m && o.d < b.d)) ? 1 : 0);
  }
  function makeDate(y, m, d) {
    if (m < 1 || m > 12 || d < 1 || y < 1 || y > 9999 || d > monthDays(y, m)) {
      throw new RuleError(`no such date: ${y}-${m}-${d}`);
    }
    return iso(y, m, d);
  }
  function addMonths(d, n) {
    const p = parse(d);
    const index = p.y * 12 + p.m - 1 + n;
    const y = Math.floor(index / 12), m = index - 12 * y + 1;
    if (y < 1 || y > 9999) throw new RuleError(`date out of range: ${d} moved ${n} months`);
    return iso(y, m, Math.min(p.d, monthDays(y, m)));
  }
  function addDays(d, n) {
    const t = new Date((dayNumber(d) + n) * 86400000);
    return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  function monthsBetween(a, b) {
    const s = parse(a), e = parse(b);
    return (e.y - s.y) * 12 + e.m - s.m - (e.d < s.d ? 1 : 0);
  }
  function roundHalfUp(x, places) {
    if (places < 0 || places > 8) throw new RuleError(`round() takes 0 to 8 places`);
    const f = 10 ** places, scaled = Math.abs(x) * f;
    const r = Math.floor(scaled + 0.5 + 1e-9 * Math.max(1, scaled));
    return Math.sign(x) * r / f;
  }
  const extreme = (pick) => (...xs) => xs.reduce((a, b) => (pick(b, a) ? b : a));
  const BUILTINS = {
    date: makeDate,
    year: (d) => parse(d).y,
    month: (d) => parse(d).m,
    day: (d) => parse(d).d,
    add_years: (d, n) => addMonths(d, 12 * n),
    add_months: addMonths,
    add_days: addDays,
    years_between: ageOn,
    months_between: monthsBetween,
    days_between: (a, b) => dayNumber(b) - dayNumber(a),
    min: extreme((b, a) => b < a),
    max: extreme((b, a) => b > a),
    abs: Math.abs,
    round: roundHalfUp,
  };

  const same = (a, b) => (Array.isArray(a) && Array.isArray(b)
    ? a.length === b.length && a.every((x, i) => same(x, b[i])) : a === b);
  const COMPARE = {
    "==": same, "!=": (a, b) => !same(a, b),
    "<": (a, b) => a < b, "<=": (a, b) => a <= b, ">": (a, b) => a > b, ">=": (a, b) => a >= b,
    in: (a, b) => b.some((x) => same(a, x)), "not in": (a, b) => !b.some((x) => same(a, x)),
  };

  // -- the household as it stands on a date ---------------------------------------------------
  const ROLES = [["spouses", "spouse"], ["children", "child"], ["parents", "parent"]];

  /* A file with every default filled in, each person knowing its role and path, people not
   * yet born on `on` left out (as Household.as_of does). */
  function household(rules, file, on) {
    const d = rules.defaults;
    const person = (data, role, path) => Object.assign({}, d[role], data, { $role: role, $path: path });
    const h = Object.assign({}, d.household, file);
    h.affiliate = person(file.affiliate, "affiliate", "household.affiliate");
    h.$path = "household";
    const born = (p) => p.birth_date === null || p.birth_date === undefined || p.birth_date <= on;
    h.$unborn = [];
    for (const [key, role] of ROLES) {
      const all = (file[key] || []).map((p, i) => person(p, role, `household.${key}[${i}]`));
      h[key] = all.filter(born);
      all.filter((p) => !born(p)).forEach((p) => h.$unborn.push(p.id));
    }
    h.history = (file.history || []).map((r, i) =>
      Object.assign({}, d.history, r, { $path: `household.history[${i}]` }));
    h.people = [h.affiliate, ...h.spouses, ...h.children, ...h.parents];
    return h;
  }

  function categoryOf(h, p, on) {
    if (p.$role === "affiliate") {
      return { active: "active_officer", retired: "retiree" }[p.status] || null;
    }
    if (p.$role === "spouse") {
      if (p.divorce_date !== null && p.divorce_date <= on) return "former_spouse";
      if (h.affiliate.status === "deceased") return "widow";
    }
    if (p.$role === "parent" && h.affiliate.killed_on_duty) return "honorary_member";
    return "rights_holder";
  }

  // -- expressions ----------------------------------------------------------------------------
  class Evaluator {
    constructor(rules, h, on, params) {
      this.definitions = rules.definitions;
      this.h = h; this.on = on; this.params = params;
    }

    eval(n, env) {
      switch (n.k) {
        case "lit": return n.v;
        case "absent": return ABSENT;
        case "name": return this.name(n.id, env);
        case "attr": return this.attr(n, env);
        case "call": return this.call(n, env);
        case "not": { const v = this.eval(n.x, env); return isUnknown(v) ? v : !v; }
        case "neg": { const v = this.eval(n.x, env); return isUnknown(v) ? v : -v; }
        case "bin": return this.bin(n, env);
        case "and": case "or": return this.bool(n, env);
        case "cmp": return this.compare(n, env);
        case "if": return this.ifexp(n, env);
        case "list": {
          const items = n.xs.map((x) => this.eval(x, env));
          return items.some(isUnknown) ? merge(...items) : items;
        }
        case "q": return this.quant(n, env);
        default: throw new Error(`unsupported node ${n.k}`);
      }
    }

    name(id, env) {
      if (Object.prototype.hasOwnProperty.call(env, id)) return env[id];
      if (Object.prototype.hasOwnProperty.call(this.params, id)) return this.params[id];
      if (id === "on") return this.on;
      if (!this.definitions[id]) throw new RuleError(`parameter ${id} has no value on ${this.on}`);
      return this.definition(id, []);
    }

    definition(id, args) {
      const def = this.definitions[id];
      const env = { household: this.h };
      def.params.forEach((p, i) => { env[p] = args[i]; });
      return this.eval(def.value, env);
    }

    attr(n, env) {
      const obj = this.eval(n.o, env);
      if (isUnknown(obj)) return obj;
      const path = obj.$path || "?";
      switch (n.d) {
        case "age":
          if (obj.birth_date === null || obj.birth_date === undefined) {
            return new Unknown([`${path}.birth_date`]);
          }
          return ageOn(obj.birth_date, this.on);
        case "category": return categoryOf(this.h, obj, this.on);
        case "role": return obj.$role;
        case "people": return obj.people;
        case "divorced":
          if (obj.$role !== "spouse") return new Unknown([`${path}.divorced`]);
          return obj.divorce_date !== null && obj.divorce_date <= this.on;
        case "seniority": {
          if (obj.recruitment_date === null || obj.recruitment_date === undefined) {
            return new Unknown([`${path}.recruitment_date`]);
          }
          let end = this.on;
          for (const stop of [obj.retirement_date, obj.death_date]) {
            if (stop !== null && stop !== undefined && stop < end) end = stop;
          }
          return Math.max(0, ageOn(obj.recruitment_date, end));
        }
        default: {
          const value = obj[n.n];
          if ((value === null || value === undefined) && n.u) return new Unknown([`${path}.${n.n}`]);
          return value === undefined ? null : value;
        }
      }
    }

    call(n, env) {
      const args = n.a.map((a) => this.eval(a, env));
      if (n.def) return this.definition(n.f, args);
      if (args.some(isUnknown)) return merge(...args);
      if (n.f === "age_on") {
        const [person, when] = args;
        if (person.birth_date === null || person.birth_date === undefined) {
          return new Unknown([`${person.$path}.birth_date`]);
        }
        return ageOn(person.birth_date, when);
      }
      return BUILTINS[n.f](...args);
    }

    bin(n, env) {
      const l = this.eval(n.l, env), r = this.eval(n.r, env);
      if (isUnknown(l) || isUnknown(r)) return merge(l, r);
      switch (n.op) {
        case "+": return l + r;
        case "-": return l - r;
        case "*": return l * r;
        case "/":
          if (r === 0) throw new RuleError(`division by zero: ${l} / ${r}`);
          return l / r;
        case "**":
          if (r < 0 && l === 0) throw new RuleError(`division by zero: ${l} ** ${r}`);
          return l ** r;
        default: throw new Error(`unsupported operator ${n.op}`);
      }
    }

    bool(n, env) {
      const stop = n.k === "or";
      const unknowns = [];
      for (const x of n.xs) {
        const v = this.eval(x, env);
        if (v === stop) return stop;
        if (isUnknown(v)) unknowns.push(v);
      }
      return unknowns.length ? merge(...unknowns) : !stop;
    }

    compare(n, env) {
      let left = this.eval(n.l, env);
      const unknowns = [];
      for (let i = 0; i < n.ops.length; i++) {
        const right = this.eval(n.cs[i], env);
        if (isUnknown(left) || isUnknown(right)) unknowns.push(left, right);
        else if (!COMPARE[n.ops[i]](left, right)) return false;
        left = right;
      }
      return unknowns.length ? merge(...unknowns) : true;
    }

    ifexp(n, env) {
      const test = this.eval(n.t, env);
      if (test === true) return this.eval(n.b, env);
      if (test === false) return this.eval(n.e, env);
      const body = this.eval(n.b, env), orelse = this.eval(n.e, env);
      if (!isUnknown(body) && !isUnknown(orelse) && same(body, orelse)) return body;
      return merge(test, body, orelse);
    }

    quant(n, env) {
      const coll = this.eval(n.c, env);
      if (isUnknown(coll)) return coll;
      if (n.b === null) return coll.length;
      const values = [];
      for (const item of coll) {
        const v = this.eval(n.b, Object.assign({}, env, { [n.var]: item }));
        if (n.q === "any" && v === true) return true;
        if (n.q === "all" && v === false) return false;
        values.push(v);
      }
      if (values.some(isUnknown)) return merge(...values);
      if (n.q === "any") return false;
      if (n.q === "all") return true;
      if (n.q === "count") return values.filter((v) => v).length;
      return values.reduce((a, b) => a + b, 0);
    }

    /* A criterion's result and the exceptions applied (interpreter.kleene_criterion). */
    criterion(c, env) { return this.level(c.exceptions, c.when, [], env); }

    level(exceptions, base, applied, env) {
      const undecided = [];
      for (const e of exceptions) {
        const condition = this.eval(e.when, env);
        if (condition === true) return this.level(e.exceptions, e.then, [...applied, e.id], env);
        if (isUnknown(condition)) undecided.push([e, condition]);
      }
      const value = this.eval(base, env);
      if (!undecided.length) return [value, applied];
      const candidates = [value, ...undecided.map(([e]) =>
        this.level(e.exceptions, e.then, [...applied, e.id], env)[0])];
      if (candidates.every((c) => !isUnknown(c)) && candidates.every((c) => same(c, candidates[0]))) {
        return [value, applied];
      }
      return [merge(...candidates, ...undecided.map(([, c]) => c)), applied];
    }

    /* A benefit output (interpreter.kleene_output). */
    output(o, env) {
      for (const row of o.rows) {
        if (row.when !== null) {
          const condition = this.eval(row.when, env);
          if (isUnknown(condition)) return condition;
          if (condition !== true) continue;
        }
        return this.eval(row.then, env);
      }
      throw new RuleError(`no row of ${o.name} matches`);
    }
  }

  // -- decisions ------------------------------------------------------------------------------
  function periodOf(program, on) {
    let found = null;
    for (const p of program.periods) if (p.from <= on) found = p;
    return found;
  }

  const inForce = (program, on) => on >= program.from && (program.until === null || on < program.until);

  /* The people a program applies to: its roles, not a deceased affiliate. */
  function applicants(program, h) {
    return h.people.filter((p) => program.applies_to.includes(p.$role)
      && !(p.$role === "affiliate" && p.status === "deceased"));
  }

  const resultOf = (v) => (v === true ? "passed" : v === false ? "failed" : "unknown");

  function decide(rules, program, h, applicant, on) {
    const base = { program: program.id, applicant: applicant.id, on: on,
                   category: categoryOf(h, applicant, on) };
    if (!inForce(program, on)) {
      return Object.assign(base, { outcome: "ineligible", in_force: false,
        criteria: [{ id: "in-force", result: "failed", exceptions: [] }],
        outputs: {}, missing: [], period: periodOf(program, on) });
    }
    const period = periodOf(program, on);
    const ev = new Evaluator(rules, h, on, period.params);
    const env = { applicant: applicant, household: h, on: on };
    const active = program.criteria.filter((c) => period.criteria.includes(c.id));
    const criteria = [], missing = new Set();
    for (const c of active) {
      const [value, applied] = ev.criterion(c, env);
      if (isUnknown(value)) value.missing.forEach((m) => missing.add(m));
      criteria.push({ id: c.id, result: resultOf(value), exceptions: applied });
    }
    const results = criteria.map((c) => c.result);
    const outcome = results.includes("failed") ? "ineligible"
      : results.every((r) => r === "passed") ? "eligible" : "undetermined";
    const outputs = {};
    if (outcome !== "ineligible") {
      for (const o of program.outputs) {
        const value = ev.output(o, env);
        if (value === ABSENT) continue;
        outputs[o.name] = isUnknown(value) ? null : value;
      }
    }
    return Object.assign(base, { outcome, in_force: true, criteria, outputs,
      missing: [...missing].sort(), period });
  }

  /* Every program, for every person of the file it applies to, on `on` (as screen does). */
  function screen(rules, file, on) {
    const h = household(rules, file, on);
    const out = [];
    for (const program of rules.programs) {
      for (const person of applicants(program, h)) out.push(decide(rules, program, h, person, on));
    }
    return out;
  }

  global.Eligibility = { screen, decide, household, categoryOf, ageOn, addMonths, addDays,
                         Unknown, RuleError };
}(typeof window !== "undefined" ? window : globalThis));
