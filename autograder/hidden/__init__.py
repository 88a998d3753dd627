"""The hidden test suite: pytest modules run by ``autograder.grading`` against one submission.

Takes the ``submission`` fixture (``autograder.sandbox``'s door to the student's code) and the
run's ``hidden_seed``; gives pass or fail per test, with the points and title its markers declare.
May import ``checks``, ``sandbox`` and the leaves (``reference``, ``results``); never ``grading``.

Test files are named ``hidden_*.py`` so that no plain ``pytest`` run collects them by accident:
they need the ``submission`` fixture that only the grading plugin provides. ``SUITE`` is the order
their tests run in, and so the order of every report:

    hidden_draws        initializers' draws: shape, mean, variance, family, bounds, parameters
    hidden_symmetry     randomness from the rng given; symmetry broken (or kept by zeros, constant)
    hidden_parameters   compute_fans, calculate_gain, and ValueError for bad arguments
    hidden_networks     build_mlp
    hidden_training     train
    hidden_measures     evaluate, activation_stds, gradient_norms
    hidden_comparison   compare_initializers
    hidden_transfer     load_pretrained, transfer_weights, compare_transfer (pre-trained weights)

What several of them share lies in plain modules: ``support`` (verdicts to pass/fail, seeds),
``initializer_calls`` (groups of initializers, pooled draws, how a call is named), ``problems``
(data sets and networks the training tests pose) and ``recompute`` (the judge's own numbers);
``conftest`` holds the fixtures.
"""

SUITE = ("draws", "symmetry", "parameters", "networks", "training", "measures", "comparison", "transfer")
