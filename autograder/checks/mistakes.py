"""The catalogue of mistakes the hidden suite knows how to name, each written once.

``MISTAKES`` maps a short id (``"kernel-reshaped"``) to the sentence a teacher would write about it.
A hidden test whose evidence singles out one of these mistakes sets that id on its result
(``TestResult.mistake``); feedback shows the sentence, and the class summary counts students by id.
"""

MISTAKES: dict[str, str] = {}
