#!/bin/bash
# Smoke test of plan on a real Slurm (issue 14): installs Debian's Slurm and
# MUNGE, starts a one-node cluster on this machine, submits the README's job
# array (scripts/slurm/shards.sbatch) for the hair scenario as SHARDS shards
# and the dependent merge job (scripts/slurm/merge.sbatch), compares the
# merged CSV and JSON with the unsharded run byte for byte, and stops the
# daemons it started, by their PIDs.
#
#   bash scripts/slurm-smoke.sh            # 4 shards
#   SHARDS=8 bash scripts/slurm-smoke.sh
#
# Needs root (apt, munge) and no systemd. Not part of the default CI run.
# Written for Slurm 22.05 (Debian 12): proctrack/linuxproc, task/none, no
# accounting and no cgroup.conf, so it runs in a container.
set -euo pipefail

SHARDS=${SHARDS:-4}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/plan-slurm.XXXXXX)
STARTED=()
started_at=$(date +%s)

say() { printf '[slurm-smoke %3ss] %s\n' "$(($(date +%s) - started_at))" "$*"; }

cleanup() {
    local status=$?
    for pid in "${STARTED[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${STARTED[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    if [ "$status" -ne 0 ]; then
        say "FAILED (exit $status); logs kept in $WORK"
        tail -n 20 "$WORK"/*.log 2>/dev/null || true
    else
        rm -rf "$WORK"
    fi
    exit "$status"
}
trap cleanup EXIT

# 1. plan itself.
if [ ! -x "$REPO/target/release/plan" ] || [ -n "${REBUILD:-}" ]; then
    say "building plan"
    (cd "$REPO" && cargo build --release --quiet)
fi
export PATH="$REPO/target/release:$PATH"

# 2. Slurm and MUNGE from Debian.
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
    say "installing slurmctld slurmd slurm-client munge"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmctld slurmd slurm-client munge >"$WORK/apt.log" 2>&1
fi
say "$(slurmctld -V)"

# 3. MUNGE: its key, its run directory (no systemd to make it), the daemon.
if [ ! -s /etc/munge/munge.key ]; then
    mungekey --create --keyfile=/etc/munge/munge.key 2>/dev/null ||
        dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/lib/munge /var/log/munge
chown munge:munge /run/munge /var/lib/munge /var/log/munge
chmod 755 /run/munge
# munged runs as the munge user, in a directory of its own.
chmod 755 "$WORK"
mkdir -p "$WORK/munge" && chown munge:munge "$WORK/munge" && chmod 711 "$WORK/munge"
SOCKET="$WORK/munge/munge.socket"
runuser -u munge -- /usr/sbin/munged --socket="$SOCKET" --pid-file="$WORK/munge/munged.pid" \
    --log-file="$WORK/munge/munged.log" --seed-file="$WORK/munge/munged.seed"
for _ in $(seq 50); do [ -s "$WORK/munge/munged.pid" ] && break; sleep 0.1; done
STARTED+=("$(cat "$WORK/munge/munged.pid")")
munge --socket="$SOCKET" -n | unmunge --socket="$SOCKET" >/dev/null
say "munged running (pid ${STARTED[0]})"

# 4. A one-node cluster: this machine, as slurmd -C describes it.
NODE_LINE=$(slurmd -C | head -n 1)
HOST=$(hostname -s)
mkdir -p "$WORK/state" "$WORK/spool" "$WORK/run/shards"
cat >"$WORK/slurm.conf" <<EOF
ClusterName=plansmoke
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$SOCKET
CredType=cred/munge
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
MailProg=/bin/true
SchedulerParameters=batch_sched_delay=0
MinJobAge=5
ReturnToService=2
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
$NODE_LINE
PartitionName=smoke Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$WORK/slurm.conf"
slurmctld -c -f "$SLURM_CONF"
for _ in $(seq 50); do [ -s "$WORK/slurmctld.pid" ] && break; sleep 0.1; done
STARTED+=("$(cat "$WORK/slurmctld.pid")")
slurmd -f "$SLURM_CONF"
for _ in $(seq 50); do [ -s "$WORK/slurmd.pid" ] && break; sleep 0.1; done
STARTED+=("$(cat "$WORK/slurmd.pid")")
for _ in $(seq 100); do
    state=$(sinfo -h -N -o '%t' 2>/dev/null | head -n 1 || true)
    [ "$state" = "idle" ] && break
    sleep 0.2
done
[ "$state" = "idle" ] || { say "node not idle: ${state:-no answer}"; exit 1; }
say "cluster up: $(sinfo -h -o '%P %D node %c CPUs %t')"

# 5. The README's job array and its dependent merge, as the README submits
#    them; only the number of shards and the CPUs per task (this machine has
#    few) are given on the command line.
export SCENARIO="$REPO/scenarios/hair.toml" PLAN_ARGS="${PLAN_ARGS:-}" OUT=hair SHARD=slurm
cd "$WORK/run"
jid=$(sbatch --parsable --array="0-$((SHARDS - 1))" --cpus-per-task=1 "$REPO/scripts/slurm/shards.sbatch")
say "submitted array job $jid: $SHARDS shards of $SCENARIO ${PLAN_ARGS}"
set +e
sbatch --wait --dependency="afterok:$jid" --cpus-per-task=1 "$REPO/scripts/slurm/merge.sbatch" >"$WORK/merge-submit.log"
merge_status=$?
set -e
[ "$merge_status" -eq 0 ] || { say "merge job failed ($merge_status)"; cat merge.log shards/*.log 2>/dev/null; exit 1; }
say "array and merge done: $(find shards -name '*.json' | wc -l) shard files; merge.log:"
sed -n "1,2s/^/    /p" merge.log

# 6. The same run, unsharded, and the bytes compared.
# shellcheck disable=SC2086
plan "$SCENARIO" $PLAN_ARGS --csv single.csv --json single.json --quiet
cmp hair.csv single.csv
cmp hair.json single.json
# 7. Resuming: one shard lost; resubmit that task alone as the README says
#    (SHARD=slurm/N: the task ID is the shard's 0-based index), merge again.
lost=$(( (SHARDS + 1) / 2 ))
rm "shards/shard-$lost-of-$SHARDS.json"
if plan merge shards/ --json lost.json --quiet 2>merge-lost.err; then
    say "merge with shard $lost missing did not refuse"; exit 1
fi
grep -q "missing shard $lost of $SHARDS" merge-lost.err
[ ! -e lost.json ]
SHARD="slurm/$SHARDS" sbatch --wait --array="$((lost - 1))" --cpus-per-task=1 "$REPO/scripts/slurm/shards.sbatch" >/dev/null
plan merge shards/ --csv resumed.csv --json resumed.json --quiet
cmp resumed.csv single.csv
cmp resumed.json single.json
say "resumed: shard $lost of $SHARDS removed, merge refused ($(head -c 60 merge-lost.err)...), task $((lost - 1)) resubmitted, merge identical"
say "PASS: merged CSV ($(wc -c <hair.csv) bytes) and JSON ($(wc -c <hair.json) bytes) equal the unsharded run byte for byte"
