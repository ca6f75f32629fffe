"""Words shown to people, in Arabic, French and English: one gettext message catalogue
(:mod:`.catalogue`), the names of the library's machine words (:mod:`.words`), values
formatted per locale with Babel's CLDR data (:mod:`.format`), and the messages of
problems and diagnostics (:mod:`.problems`, :mod:`.diagnostics`).

This is the lowest stage of the package: it knows machine words by their values only, so
every other stage (the model, the compiler, the book, the command line, the docs) can
take its words from here.
"""

from .catalogue import LANGUAGES, N_, NN_, NP_, Message, language, t, tn, tp

__all__ = ["LANGUAGES", "NN_", "NP_", "N_", "Message", "language", "t", "tn", "tp"]
