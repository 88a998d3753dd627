"""Cleaning up after a worker: files its user left in shared folders, folders it made unreadable."""

import os

from autograder.sandbox.processes import remove_files_of


def test_only_the_files_of_the_workers_user_are_removed_from_a_shared_folder(tmp_path):
    worker_uid = 2_100_000_001
    (tmp_path / "left-by-worker").mkdir()
    (tmp_path / "left-by-worker" / "inside.txt").write_text("x")
    (tmp_path / "worker.txt").write_text("x")
    for path in (tmp_path / "left-by-worker", tmp_path / "left-by-worker" / "inside.txt", tmp_path / "worker.txt"):
        os.lchown(path, worker_uid, worker_uid)
    (tmp_path / "someone-else.txt").write_text("x")
    remove_files_of(worker_uid, [tmp_path])
    assert sorted(os.listdir(tmp_path)) == ["someone-else.txt"]


def test_a_tree_with_folders_its_owner_made_unreadable_is_removed(environments):
    """As an ordinary user (root reads everything anyway), folders of mode 000 and 500 inside."""
    environment = environments["user"]
    folder = environment.folder("tree")
    script = (
        "import os, sys; from pathlib import Path; from autograder.sandbox.processes import remove_tree\n"
        "top = Path(sys.argv[1]) / 'top'; (top / 'locked' / 'deeper').mkdir(parents=True)\n"
        "(top / 'locked' / 'deeper' / 'f').write_text('x')\n"
        "(top / 'readonly').mkdir(); (top / 'readonly' / 'g').touch()\n"
        "os.chmod(top / 'locked' / 'deeper', 0); os.chmod(top / 'locked', 0); os.chmod(top / 'readonly', 0o500)\n"
        "remove_tree(top); print(sorted(os.listdir(sys.argv[1])))\n"
    )
    done = environment.run(["-c", script, folder], timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "[]", f"{done.stdout} {done.stderr[-2000:]}"
