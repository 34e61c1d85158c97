// The app's processes and uploads as the suite sees them from outside: whether a pid belongs to the app instance's
// process group (/proc), and the coupon-import uploads in its temp dir (named after the pid that wrote them).
const fs = require("fs")
const path = require("path")

/** Whether `pid` belongs to process group `group` (an instance's processes: the pids its uploads are named after). */
function inGroup(pid, group) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === group
  } catch {
    return false
  }
}

const UPLOAD_NAME = /^coupon-import-(\d+)-[0-9a-f]+$/

function uploadsIn(dir) {
  return fs
    .readdirSync(dir)
    .map((name) => ({ name, match: UPLOAD_NAME.exec(name) }))
    .filter((entry) => entry.match)
    .map((entry) => ({ name: entry.name, pid: Number(entry.match[1]), file: path.join(dir, entry.name) }))
}

function sizeOf(file) {
  try {
    return fs.statSync(file).size
  } catch {
    return -1
  }
}

module.exports = { inGroup, uploadsIn, sizeOf }
