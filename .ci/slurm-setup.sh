#!/usr/bin/env bash
# A single-node Slurm on this machine (slurmctld + slurmd on localhost, munge for authentication),
# for the sweep launcher's Slurm test. Idempotent: installs only what is missing, writes the
# configuration only when it differs, starts only daemons that are not answering. Needs root.
# Without accounting storage (no slurmdbd) sacct is unavailable; the launcher tracks jobs with
# squeue and scontrol and the trials' own result files.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
  echo "slurm-setup: needs root; skipping (the Slurm test will skip)" >&2
  exit 0
fi

need() { command -v "$1" >/dev/null 2>&1; }
if ! need slurmctld || ! need slurmd || ! need sbatch || ! need munged; then
  echo "slurm-setup: installing slurmctld slurmd slurm-client munge"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends slurmctld slurmd slurm-client munge
fi

# munge: a key, and the daemon (a stale socket from a killed daemon is removed first).
if [ ! -s /etc/munge/munge.key ]; then
  mkdir -p /etc/munge
  dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
fi
chown munge:munge /etc/munge/munge.key 2>/dev/null || true
chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/log/munge /var/lib/munge
chown munge:munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
if ! munge -n </dev/null >/dev/null 2>&1; then
  rm -f /run/munge/munge.socket.2 /run/munge/munged.pid
  if id munge >/dev/null 2>&1; then
    su -s /bin/sh munge -c "/usr/sbin/munged" || /usr/sbin/munged --force
  else
    /usr/sbin/munged --force
  fi
  for _ in $(seq 50); do munge -n </dev/null >/dev/null 2>&1 && break; sleep 0.1; done
fi

NODE="$(hostname -s)"
CPUS="$(nproc)"
MEM_MB="$(awk '/MemTotal/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)"
CONF=/etc/slurm/slurm.conf
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
# Plain process tracking and no task plugin: cgroups are not available in every container.
cat > /tmp/slurm.conf.new <<CONF
ClusterName=tmr
SlurmctldHost=${NODE}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=3600
MaxArraySize=10001
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=/var/log/slurm/jobcomp.log
MpiDefault=none
NodeName=${NODE} NodeAddr=127.0.0.1 CPUs=${CPUS} RealMemory=${MEM_MB} State=UNKNOWN
PartitionName=debug Nodes=${NODE} Default=YES MaxTime=INFINITE State=UP
CONF
changed=0
if ! cmp -s /tmp/slurm.conf.new "$CONF"; then
  mv /tmp/slurm.conf.new "$CONF"
  changed=1
else
  rm -f /tmp/slurm.conf.new
fi

if [ "$changed" = 1 ] && pgrep -x slurmctld >/dev/null; then
  scontrol reconfigure || true
fi
# A daemon is (re)started only when it does not answer; a stale one is stopped by its own pid file.
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
if ! scontrol ping 2>/dev/null | grep -q "is UP"; then
  if alive /run/slurmctld.pid; then kill "$(cat /run/slurmctld.pid)"; sleep 1; fi
  /usr/sbin/slurmctld
fi
if ! alive /run/slurmd.pid; then
  /usr/sbin/slurmd
fi
for _ in $(seq 100); do
  state="$(sinfo -h -n "$NODE" -o %t 2>/dev/null || true)"
  case "$state" in idle*|mix*|alloc*) break ;; esac
  sleep 0.2
done
# A node left DOWN/DRAIN by an earlier unclean stop is returned to service.
case "$(sinfo -h -n "$NODE" -o %t 2>/dev/null || true)" in
  down*|drain*) scontrol update NodeName="$NODE" State=RESUME || true ;;
esac
echo "slurm-setup: $(sinfo -h -o '%P %a %D %t %c' 2>/dev/null | head -1) (node ${NODE}, ${CPUS} CPUs)"
