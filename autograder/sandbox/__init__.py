"""Confining the processes that run a student's code.

Takes a worker request (the submission's copy, the paths to hide, the worker's user id, limits,
the strongest level allowed) in the supervisor and the worker that the fork server forks;
gives back a worker that reads only what it needs, writes only its own folder, reaches no
network and leaves nothing behind. ``levels`` decides how strong that is on this machine;
``confine`` applies it with ``namespaces``, ``landlock``, ``seccomp`` and ``limits``;
``processes`` cleans up. It imports nothing of the grader: it runs where student code runs.
"""
