"""Page chrome: headings and labels of the generated pages in English, French and Arabic."""

from __future__ import annotations

from sphinx.config import Config
from sphinx.util import logging

from eligibility import Category, CriterionStatus, Domain, Evidence
from eligibility._i18n import labels as _labels

logger = logging.getLogger(__name__)

#: The languages a build can be in; Arabic is written right to left.
LANGUAGES = ("en", "fr", "ar")
RTL = frozenset({"ar"})

#: Headings and labels of the generated pages: English text -> French, Arabic.
CHROME: dict[str, dict[str, str]] = {
    "Program catalogue": {"fr": "Catalogue des programmes", "ar": "دليل البرامج"},
    "Programs by domain": {"fr": "Programmes par domaine", "ar": "البرامج حسب المجال"},
    "Programs by member category": {
        "fr": "Programmes par catégorie d'adhérent", "ar": "البرامج حسب فئة المنخرط"},
    "Which member categories a program may serve is worked out from its criteria: a "
    "category is left out when the criteria rule it out.": {
        "fr": "Les catégories qu'un programme peut servir sont déduites de ses conditions : "
              "une catégorie est exclue lorsque les conditions l'écartent.",
        "ar": "تستنتج الفئات التي قد يستفيد منها كل برنامج من شروطه: تستبعد الفئة عندما "
              "تتعارض معها الشروط."},
    "What can an active officer get?": {
        "fr": "À quoi un fonctionnaire en activité peut-il prétendre ?",
        "ar": "ما الذي يمكن أن يستفيد منه الموظف المزاول؟"},
    "What can a retiree get?": {
        "fr": "À quoi un retraité peut-il prétendre ?",
        "ar": "ما الذي يمكن أن يستفيد منه المتقاعد؟"},
    "What can a widow or widower get?": {
        "fr": "À quoi une veuve ou un veuf peut-il prétendre ?",
        "ar": "ما الذي يمكن أن يستفيد منه الأرمل أو الأرملة؟"},
    "What can a former spouse get?": {
        "fr": "À quoi un ex-conjoint peut-il prétendre ?",
        "ar": "ما الذي يمكن أن يستفيد منه الزوج السابق أو الزوجة السابقة؟"},
    "What can an honorary member get?": {
        "fr": "À quoi un membre d'honneur peut-il prétendre ?",
        "ar": "ما الذي يمكن أن يستفيد منه المنخرط الشرفي؟"},
    "What can a rights holder get?": {
        "fr": "À quoi un ayant droit peut-il prétendre ?",
        "ar": "ما الذي يمكن أن يستفيد منه ذوو الحقوق؟"},
    # domain and category names, keyed by their English name
    **{names["en"]: {"fr": names["fr"], "ar": names["ar"]}
       for names in (*_labels.DOMAIN_NAMES.values(), *_labels.CATEGORY_NAMES.values())},
    "Affiliate": {"fr": "Adhérent", "ar": "المنخرط"},
    "Spouse": {"fr": "Conjoint", "ar": "الزوج أو الزوجة"},
    "Child": {"fr": "Enfant", "ar": "الطفل"},
    "Parent": {"fr": "Parent", "ar": "أحد الوالدين"},
    "Sourced": {"fr": "Sourcé", "ar": "مستند إلى مصدر"},
    "Illustrative": {"fr": "Illustratif", "ar": "توضيحي"},
    "Illustrative program": {"fr": "Programme illustratif", "ar": "برنامج توضيحي"},
    "This program is an illustration: it rests on the assumptions listed below, not on a "
    "published rule. Do not use it to decide real applications.": {
        "fr": "Ce programme est une illustration : il repose sur les hypothèses ci-dessous et "
              "non sur une règle publiée. Ne l'utilisez pas pour décider de demandes réelles.",
        "ar": "هذا البرنامج توضيحي: يقوم على الافتراضات المذكورة أدناه وليس على قاعدة منشورة. "
              "لا تعتمد عليه للبت في طلبات حقيقية."},
    "illustrative": {"fr": "illustratif", "ar": "توضيحي"},
    "assumption": {"fr": "hypothèse", "ar": "افتراض"},
    "Evidence": {"fr": "Fondement", "ar": "السند"},
    "Partly sourced: some conditions or values are assumptions": {
        "fr": "En partie sourcé : certaines conditions ou valeurs sont des hypothèses",
        "ar": "موثق جزئيا: بعض الشروط أو القيم افتراضات"},
    "Illustrative: the whole rule is an assumption": {
        "fr": "Illustratif : toute la règle est une hypothèse",
        "ar": "توضيحي: القاعدة كلها افتراض"},
    "Given only when:": {"fr": "Donné seulement lorsque :", "ar": "لا يمنح إلا عندما:"},
    "Criteria resting on an assumption:": {
        "fr": "Conditions qui reposent sur une hypothèse :",
        "ar": "الشروط القائمة على افتراض:"},
    "Amounts and details resting on an assumption:": {
        "fr": "Montants et détails qui reposent sur une hypothèse :",
        "ar": "المبالغ والتفاصيل القائمة على افتراض:"},
    "Parameters whose value is assumed:": {
        "fr": "Paramètres dont la valeur est supposée :",
        "ar": "المعاملات التي قيمتها مفترضة:"},
    "Shared definitions that are assumptions:": {
        "fr": "Définitions communes qui sont des hypothèses :",
        "ar": "التعاريف المشتركة التي هي افتراضات:"},
    "Evidence:": {"fr": "Fondement :", "ar": "السند:"},
    "Parameters:": {"fr": "Paramètres :", "ar": "المعاملات:"},
    "Program": {"fr": "Programme", "ar": "البرنامج"},
    "Identifier": {"fr": "Identifiant", "ar": "المعرف"},
    "Domain": {"fr": "Domaine", "ar": "المجال"},
    "Applies to": {"fr": "S'adresse à", "ar": "يهم"},
    "Status": {"fr": "Statut", "ar": "الوضعية"},
    "Version in force": {"fr": "Version en vigueur", "ar": "الصيغة السارية"},
    "In force": {"fr": "En vigueur", "ar": "سريان المفعول"},
    "Rule file": {"fr": "Fichier de règles", "ar": "ملف القواعد"},
    "from {start}": {"fr": "depuis {start}", "ar": "ابتداء من {start}"},
    "from {start} until {end}": {
        "fr": "de {start} à {end}", "ar": "من {start} إلى {end}"},
    "ended on {end}": {"fr": "terminé le {end}", "ar": "انتهى في {end}"},
    "starts on {start}": {"fr": "commence le {start}", "ar": "يبدأ في {start}"},
    "Texts on this page are those in force on {date}; the history below lists every "
    "change.": {
        "fr": "Les textes de cette page sont ceux en vigueur le {date} ; l'historique "
              "ci-dessous donne chaque changement.",
        "ar": "النصوص الواردة في هذه الصفحة هي السارية بتاريخ {date}؛ ويعرض السجل أدناه كل "
              "تغيير."},
    "Assumptions": {"fr": "Hypothèses", "ar": "الافتراضات"},
    "Who it applies to": {"fr": "À qui il s'adresse", "ar": "الفئات المعنية"},
    "The program is evaluated for each person of the household with one of these roles:": {
        "fr": "Le programme est évalué pour chaque personne du foyer ayant l'un de ces rôles :",
        "ar": "يقيم البرنامج لكل شخص من الأسرة له إحدى هذه الصفات:"},
    "Member categories that may qualify:": {
        "fr": "Catégories d'adhérents pouvant y prétendre :",
        "ar": "فئات المنخرطين التي قد تستفيد:"},
    "none": {"fr": "aucune", "ar": "لا شيء"},
    "Criteria": {"fr": "Conditions", "ar": "الشروط"},
    "Every criterion must be met.": {
        "fr": "Toutes les conditions doivent être remplies.",
        "ar": "يجب استيفاء جميع الشروط."},
    "Rule:": {"fr": "Règle :", "ar": "القاعدة:"},
    "Exceptions:": {"fr": "Exceptions :", "ar": "الاستثناءات:"},
    "when": {"fr": "lorsque", "ar": "عندما"},
    "the criterion is met": {"fr": "la condition est remplie", "ar": "يعتبر الشرط مستوفى"},
    "the criterion is not met": {
        "fr": "la condition n'est pas remplie", "ar": "يعتبر الشرط غير مستوفى"},
    "the criterion becomes": {"fr": "la condition devient", "ar": "يصبح الشرط"},
    "Applies from {date}.": {"fr": "S'applique à partir du {date}.",
                             "ar": "يطبق ابتداء من {date}."},
    "No longer applies from {date}.": {"fr": "Ne s'applique plus à partir du {date}.",
                                       "ar": "لم يعد يطبق ابتداء من {date}."},
    "Amounts and fees": {"fr": "Montants et tarifs", "ar": "المبالغ والرسوم"},
    "The first row that matches applies.": {
        "fr": "La première ligne qui correspond s'applique.", "ar": "يطبق أول سطر مطابق."},
    "Exactly one row matches.": {"fr": "Une seule ligne correspond.",
                                 "ar": "يطابق سطر واحد فقط."},
    "Condition": {"fr": "Condition", "ar": "الشرط"},
    "Value": {"fr": "Valeur", "ar": "القيمة"},
    "Otherwise": {"fr": "Sinon", "ar": "في غير ذلك"},
    "Unit:": {"fr": "Unité :", "ar": "الوحدة:"},
    "History": {"fr": "Historique", "ar": "سجل التغييرات"},
    "Date": {"fr": "Date", "ar": "التاريخ"},
    "Change": {"fr": "Changement", "ar": "التغيير"},
    "Version {id} comes into force": {"fr": "Entrée en vigueur de la version {id}",
                                      "ar": "دخول الصيغة {id} حيز التنفيذ"},
    "The program ends": {"fr": "Fin du programme", "ar": "انتهاء البرنامج"},
    "Criterion starts to apply": {"fr": "Début d'application de la condition",
                                  "ar": "بداية تطبيق الشرط"},
    "Criterion stops applying": {"fr": "Fin d'application de la condition",
                                 "ar": "نهاية تطبيق الشرط"},
    "Shared definitions used": {"fr": "Définitions communes utilisées",
                                "ar": "التعاريف المشتركة المستعملة"},
    "Examples": {"fr": "Exemples", "ar": "أمثلة"},
    # -- time: when the outcome can change, and a worked timeline
    "When the outcome can change": {"fr": "Quand le résultat peut changer",
                                    "ar": "متى يمكن أن تتغير النتيجة"},
    "Besides the dated changes listed in the history, the outcome for one household can "
    "change only on these days, read off the rules; timelines are computed from them. A "
    "person of the file takes part from the day they are born.": {
        "fr": "Outre les changements datés de l'historique, le résultat pour un foyer donné ne "
              "peut changer qu'à ces dates, lues dans les règles ; les chronologies sont "
              "calculées à partir d'elles. Une personne du dossier compte à partir du jour de "
              "sa naissance.",
        "ar": "إضافة إلى التغييرات المؤرخة في السجل، لا يمكن أن تتغير النتيجة بالنسبة لأسرة "
              "معينة إلا في هذه التواريخ المستخرجة من القواعد، ومنها يحسب التسلسل الزمني. "
              "ويحتسب كل فرد من أفراد الملف ابتداء من يوم ولادته."},
    "Nothing in the rules changes the outcome with time, apart from the dated changes listed "
    "in the history.": {
        "fr": "Rien dans les règles ne fait changer le résultat avec le temps, en dehors des "
              "changements datés de l'historique.",
        "ar": "لا شيء في القواعد يغير النتيجة بمرور الوقت، باستثناء التغييرات المؤرخة في "
              "السجل."},
    "Event": {"fr": "Événement", "ar": "الحدث"},
    "Rule": {"fr": "Règle", "ar": "القاعدة"},
    "Criterion or amount": {"fr": "Condition ou montant", "ar": "الشرط أو المبلغ"},
    "A birthday": {"fr": "Un anniversaire", "ar": "عيد ميلاد"},
    "An anniversary of recruitment": {"fr": "Un anniversaire du recrutement",
                                      "ar": "ذكرى سنوية للتوظيف"},
    "A date is reached": {"fr": "Une date est atteinte", "ar": "حلول تاريخ"},
    "Years since a date": {"fr": "Des années depuis une date",
                           "ar": "سنوات منذ تاريخ معين"},
    "Months since a date": {"fr": "Des mois depuis une date", "ar": "أشهر منذ تاريخ معين"},
    "Days since a date": {"fr": "Des jours depuis une date", "ar": "أيام منذ تاريخ معين"},
    "A new calendar year": {"fr": "Une nouvelle année civile", "ar": "سنة ميلادية جديدة"},
    "The first day of a month": {"fr": "Le premier jour d'un mois",
                                 "ar": "اليوم الأول من الشهر"},
    "Each day": {"fr": "Chaque jour", "ar": "كل يوم"},
    "The date of a divorce": {"fr": "La date d'un divorce", "ar": "تاريخ الطلاق"},
    "Any day": {"fr": "N'importe quel jour", "ar": "أي يوم"},
    "A number of {unit} after a date of the file": {
        "fr": "Un nombre de {unit} après une date du dossier",
        "ar": "عدد من {unit} بعد تاريخ من تواريخ الملف"},
    "days": {"fr": "jours", "ar": "الأيام"},
    "months": {"fr": "mois", "ar": "الأشهر"},
    "years": {"fr": "années", "ar": "السنوات"},
    "A worked timeline": {"fr": "Une chronologie commentée", "ar": "مثال لتسلسل زمني"},
    "Example {n}, for {applicant}, from {start} to {end}, as computed when these pages are "
    "built:": {
        "fr": "Exemple {n}, pour {applicant}, du {start} au {end}, tel que calculé lors de la "
              "construction de ces pages :",
        "ar": "المثال {n}، بالنسبة لـ{applicant}، من {start} إلى {end}، كما حسب عند إنشاء "
              "هذه الصفحات:"},
    "From": {"fr": "Du", "ar": "من"},
    "To": {"fr": "Au", "ar": "إلى"},
    "Outcome": {"fr": "Résultat", "ar": "النتيجة"},
    "Benefit": {"fr": "Prestation", "ar": "الاستفادة"},
    "Why it changes:": {"fr": "Pourquoi il change :", "ar": "سبب التغيير:"},
    "Why": {"fr": "Pourquoi", "ar": "السبب"},
    "Each example is evaluated by the library when these pages are built; its decision "
    "is shown as computed.": {
        "fr": "Chaque exemple est évalué par la bibliothèque à la génération de ces pages ; "
              "sa décision est affichée telle que calculée.",
        "ar": "يقيم كل مثال بواسطة المكتبة عند إنشاء هذه الصفحات، ويعرض قراره كما حسب."},
    "Example {n}": {"fr": "Exemple {n}", "ar": "مثال {n}"},
    "Evaluated on:": {"fr": "Évalué le :", "ar": "تاريخ التقييم:"},
    "Household": {"fr": "Foyer", "ar": "الأسرة"},
    "Person": {"fr": "Personne", "ar": "الشخص"},
    "Role": {"fr": "Rôle", "ar": "الصفة"},
    "Category": {"fr": "Catégorie", "ar": "الفئة"},
    "Age": {"fr": "Âge", "ar": "السن"},
    "Facts": {"fr": "Données", "ar": "المعطيات"},
    "Household facts:": {"fr": "Données du foyer :", "ar": "معطيات الأسرة:"},
    "Benefits already received:": {"fr": "Prestations déjà reçues :",
                                   "ar": "الاستفادات السابقة:"},
    "Applicant:": {"fr": "Demandeur :", "ar": "صاحب الطلب:"},
    "Decision:": {"fr": "Décision :", "ar": "القرار:"},
    "Eligible": {"fr": "Éligible", "ar": "مؤهل"},
    "Ineligible": {"fr": "Non éligible", "ar": "غير مؤهل"},
    "Undetermined": {"fr": "Indéterminé", "ar": "غير محسوم"},
    "Met": {"fr": "Remplie", "ar": "مستوفى"},
    "Not met": {"fr": "Non remplie", "ar": "غير مستوفى"},
    "Unknown": {"fr": "Inconnue", "ar": "غير معروف"},
    "Result": {"fr": "Résultat", "ar": "النتيجة"},
    "Values read": {"fr": "Valeurs lues", "ar": "القيم المعتمدة"},
    "Exceptions applied:": {"fr": "Exceptions appliquées :", "ar": "الاستثناءات المطبقة:"},
    "Missing facts:": {"fr": "Données manquantes :", "ar": "المعطيات الناقصة:"},
    "Amounts:": {"fr": "Montants :", "ar": "المبالغ:"},
    "Details:": {"fr": "Détails :", "ar": "التفاصيل:"},
    "Sources": {"fr": "Sources", "ar": "المصادر"},
    "Sources of the parameters:": {"fr": "Sources des paramètres :",
                                   "ar": "مصادر المعاملات:"},
    "No public source: see the assumptions.": {
        "fr": "Aucune source publique : voir les hypothèses.",
        "ar": "لا يوجد مصدر منشور: انظر الافتراضات."},
    "Shared definitions": {"fr": "Définitions communes", "ar": "التعاريف المشتركة"},
    "Definitions are written once and used by many programs.": {
        "fr": "Les définitions sont écrites une fois et utilisées par de nombreux programmes.",
        "ar": "تكتب التعاريف مرة واحدة وتستعملها برامج عديدة."},
    "Used by:": {"fr": "Utilisée par :", "ar": "مستعملة في:"},
    "no program": {"fr": "aucun programme", "ar": "لا يوجد برنامج"},
    "Global parameters": {"fr": "Paramètres communs", "ar": "المعاملات المشتركة"},
    "Parameter": {"fr": "Paramètre", "ar": "المعامل"},
    "Meaning": {"fr": "Signification", "ar": "المعنى"},
    "Values by date": {"fr": "Valeurs par date", "ar": "القيم حسب التاريخ"},
    "Diagnostic codes": {"fr": "Codes de diagnostic", "ar": "رموز التشخيص"},
    "Severity:": {"fr": "Gravité :", "ar": "الخطورة:"},
    "error": {"fr": "erreur", "ar": "خطأ"},
    "warning": {"fr": "avertissement", "ar": "تنبيه"},
    "Rule snippet with the problem:": {"fr": "Extrait de règle fautif :",
                                       "ar": "مقتطف القاعدة الذي فيه المشكل:"},
    "What the loader reports:": {"fr": "Ce que signale le chargeur :",
                                 "ar": "ما يبلغ عنه المحمل:"},
    "The fix:": {"fr": "La correction :", "ar": "التصحيح:"},
    "yes": {"fr": "oui", "ar": "نعم"},
    "no": {"fr": "non", "ar": "لا"},
}

#: English names (the keys of CHROME) of the domains and categories.
DOMAIN_NAMES = {domain: _labels.DOMAIN_NAMES[domain.value]["en"] for domain in Domain}
CATEGORY_NAMES = {category: _labels.CATEGORY_NAMES[category.value]["en"]
                  for category in Category}
CATEGORY_QUESTIONS = {
    Category.ACTIVE_OFFICER: "What can an active officer get?",
    Category.RETIREE: "What can a retiree get?",
    Category.WIDOW: "What can a widow or widower get?",
    Category.RIGHTS_HOLDER: "What can a rights holder get?",
    Category.FORMER_SPOUSE: "What can a former spouse get?",
    Category.HONORARY_MEMBER: "What can an honorary member get?",
}
ROLE_NAMES = {"affiliate": "Affiliate", "spouse": "Spouse", "child": "Child",
               "parent": "Parent"}
OUTCOME_NAMES = {"eligible": "Eligible", "ineligible": "Ineligible",
                  "undetermined": "Undetermined"}
RESULT_NAMES = {CriterionStatus.PASSED: "Met", CriterionStatus.FAILED: "Not met",
                 CriterionStatus.UNKNOWN: "Unknown"}
EVIDENCE_NAMES = {
    Evidence.SOURCED: "Sourced",
    Evidence.PARTLY_SOURCED: "Partly sourced: some conditions or values are assumptions",
    Evidence.ILLUSTRATIVE: "Illustrative: the whole rule is an assumption",
}


def lang_of(config: Config) -> str:
    language = str(config.language or "en").split("_")[0].split("-")[0]
    return language if language in LANGUAGES else "en"


def translate(text: str, lang: str, **values: object) -> str:
    """``text`` (English) in ``lang``; a missing translation is a build warning."""
    template = template_in(text, lang)
    return template.format(**values) if values else template


def template_in(text: str, lang: str) -> str:
    """The translation of ``text`` with its ``{placeholders}`` left in."""
    if lang == "en":
        return text
    translated = CHROME.get(text, {}).get(lang)
    if translated is None:
        logger.warning("eligibility: no %r translation of the heading %r", lang, text,
                       type="eligibility", subtype="missing-translation")
        return text
    return translated


def comma(lang: str) -> str:
    """The list separator of ``lang``."""
    return "، " if lang == "ar" else ", "
