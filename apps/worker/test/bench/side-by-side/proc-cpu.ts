import { readFileSync } from 'node:fs';

/** utime + stime of a process and all its descendants, in seconds (clock ticks of 1/100 s); 0 once it has ended. */
export function treeCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  let ticks = 0;
  const visit = (p: number): void => {
    try {
      // The command name may contain spaces and parentheses: fields start after the last ')'.
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      for (const task of readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(' ')) if (task !== '') visit(Number(task));
    } catch {
      // ended meanwhile
    }
  };
  visit(pid);
  return ticks / 100;
}

/** The 1-minute load average: printed beside every figure, since the machine is shared. */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'n/a';
  }
}
