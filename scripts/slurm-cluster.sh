#!/usr/bin/env bash
# A one-node Slurm cluster on this machine for the Slurm test (test/integration/slurm.test.ts), from
# Debian's slurmctld, slurmd and munge:
#   scripts/slurm-cluster.sh start STATE_DIR   writes STATE_DIR/slurm.conf, starts munged (unless one
#                                              runs), slurmctld and slurmd; prints SLURM_CONF=...
#   scripts/slurm-cluster.sh stop STATE_DIR    stops what start started, and waits until it has ended
# Everything it writes is under STATE_DIR (state, spool, logs, pid files); it needs root and the
# munge key Debian's package creates in /etc/munge. Clients find the cluster with SLURM_CONF.
set -euo pipefail
cmd=${1:?usage: slurm-cluster.sh start|stop STATE_DIR}
state=$(realpath -m "${2:?usage: slurm-cluster.sh start|stop STATE_DIR}")
conf="$state/slurm.conf"
node=$(hostname -s)

stop_pid() { # pid file: TERM, wait up to 10 s, then KILL
  local file=$1 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

case "$cmd" in
start)
  for tool in slurmctld slurmd munged sinfo; do
    command -v "$tool" >/dev/null || { echo "slurm-cluster: $tool is missing (apt-get install slurmctld slurmd slurm-client munge)" >&2; exit 1; }
  done
  [ "$(id -u)" -eq 0 ] || { echo "slurm-cluster: the daemons need root" >&2; exit 1; }
  mkdir -p "$state/ctld" "$state/spool"
  mem=$(awk '/MemTotal/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)
  cat >"$conf" <<EOF
ClusterName=reclaim
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
SlurmctldPort=${RECLAIM_SLURMCTLD_PORT:-6817}
SlurmdPort=${RECLAIM_SLURMD_PORT:-6818}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$mem State=UNKNOWN
PartitionName=reclaim Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
  if ! pgrep -x munged >/dev/null; then
    mkdir -p /run/munge && chown munge:munge /run/munge 2>/dev/null || true
    runuser -u munge -- /usr/sbin/munged
    touch "$state/munged.started"
  fi
  slurmctld -f "$conf"
  slurmd -f "$conf" -N "$node"
  for _ in $(seq 300); do
    if SLURM_CONF=$conf sinfo -h -o %t 2>/dev/null | grep -qE '^idle'; then echo "SLURM_CONF=$conf"; exit 0; fi
    sleep 0.1
  done
  echo "slurm-cluster: the node did not become idle within 30 s; $state/slurmctld.log and slurmd.log say why" >&2
  exit 1
  ;;
stop)
  stop_pid "$state/slurmd.pid"
  stop_pid "$state/slurmctld.pid"
  if [ -f "$state/munged.started" ]; then
    stop_pid /run/munge/munged.pid
    rm -f "$state/munged.started"
  fi
  ;;
*)
  echo "usage: slurm-cluster.sh start|stop STATE_DIR" >&2
  exit 2
  ;;
esac
