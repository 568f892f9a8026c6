#!/usr/bin/env python3
"""Generate a large synthetic evidence workspace for benchmarks: gen-workspace.py DIR CONTROLS NIST.json ISO.json

The JSON files are `evidence frameworks show nist-ai-rmf|iso42001 --format json`.
With QUARTERLY=N in the environment, each control's evidence is instead a recurring one
(`cadence: quarterly`, a glob) with N occurrences in 2026, one per quarter, dated by their names."""
import json
import os
import sys



def assessable(catalog_json):
    """Requirement IDs that need coverage, from `evidence frameworks show ID --format json`."""
    with open(catalog_json) as f:
        reqs = json.load(f)["requirements"]
    return [r["id"] for r in reqs if not r.get("group") and "not-an-obligation" not in r.get("tags", [])]


def main(root, count, nist, iso):
    quarterly = int(os.environ.get("QUARTERLY", "0"))
    os.makedirs(f"{root}/controls")
    os.makedirs(f"{root}/evidence")
    with open(f"{root}/evidence.toml", "w") as f:
        f.write('[organisation]\nname = "Benchmark Ltd"\n\n[scope]\nframeworks = ["nist-ai-rmf", "iso42001"]\n')
    per_file = 100
    for file_no in range(count // per_file):
        lines = ["controls:"]
        for i in range(per_file):
            n = file_no * per_file + i
            if quarterly:
                os.makedirs(f"{root}/evidence/reviews/c{n}")
                for q in range(quarterly):
                    with open(f"{root}/evidence/reviews/c{n}/2026-{3 * q + 2:02}-15.csv", "w") as e:
                        e.write(f"user,decision\nreviewer-{n},keep\n")
            else:
                with open(f"{root}/evidence/e{n}.txt", "w") as e:
                    e.write(f"evidence for control {n}\n")
            lines += [
                f"  - id: C-{n:05}",
                f"    title: Control number {n}",
                "    description: A generated control for benchmarking the checker.",
                "    owner: Benchmark Owner",
                "    status: implemented",
                "    review: { last: 2026-06-01 }",
                "    mappings:",
                f'      nist-ai-rmf: ["{nist[n % len(nist)]}", "{nist[(n * 7) % len(nist)]}"]',
                f'      iso42001: ["{iso[n % len(iso)]}"]',
                "    evidence:",
            ]
            if quarterly:
                lines += [f"      - path: reviews/c{n}/*.csv", "        cadence: quarterly"]
            else:
                lines += [f"      - path: e{n}.txt", "        collected: 2026-10-01"]
        with open(f"{root}/controls/c{file_no:03}.yaml", "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), assessable(sys.argv[3]), assessable(sys.argv[4]))
