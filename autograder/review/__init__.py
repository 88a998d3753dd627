"""What an instructor does with handed-in work besides grading it: the similarity report
(``similarity`` compares the submissions, ``similarity_report`` writes similarity.csv and
similarity.html).

Takes submissions as they were handed in, loaded as ``grading.load`` loads them (nothing is run);
writes its files with ``reports``' atomic writer and page templates. May import ``grading``,
``reports``, ``results`` and the leaves; only the command line imports it.
"""
