"""The door: the only way the grader reaches a student's code.

Takes a submission's private copy and the paths it must not see; gives the judge an
``IsolatedSubmission`` (``isolated``) whose calls (``initializer``, ``build_mlp``, ``train``, ...)
run in a confined worker and come back as plain data checked by ``answers``. The fork server
(``forkserver``, started by ``launcher``) forks each ``worker`` with torch already imported; they
speak the ``wire`` protocol. The worker calls the student's code through ``submission`` and
measures networks with ``probes``. ``levels`` decides how strong the isolation is on this machine;
``confine`` applies it with ``namespaces``, ``landlock``, ``seccomp`` and ``limits``; ``processes``
cleans up; ``canary`` proves the result before anything is graded; ``resources`` says how many
judges the memory holds. May import only the leaves (``reference``): it runs where student code runs.
"""
