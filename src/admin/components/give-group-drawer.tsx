import { Alert, Badge, Button, Drawer, Input, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import {
  type CouponBulkAssignment,
  isBulkOpen,
  useCustomerGroupOptions,
  useGroupAssignmentProgress,
  useStartGroupAssignment,
} from "../hooks/bulk-assignments"
import { errorMessage } from "../lib/errors"
import { formatCount } from "../lib/format"
import { ProgressBar } from "./progress-bar"
import { EmptyState, ErrorState, LoadingRows } from "./states"

const STATE_LABEL: Record<CouponBulkAssignment["state"], { label: string; color: "grey" | "blue" | "green" | "red" }> = {
  pending: { label: "Starting", color: "grey" },
  running: { label: "Giving codes", color: "blue" },
  completed: { label: "Done", color: "green" },
  failed: { label: "Stopped", color: "red" },
}

/** The run's figures: its bar, what was given and skipped, and why it stopped if it did. */
const BulkProgress = ({ bulk, groupName }: { bulk: CouponBulkAssignment; groupName: string }) => {
  const state = STATE_LABEL[bulk.state]
  return (
    <div className="shadow-borders-base flex flex-col gap-y-3 rounded-lg px-4 py-3" data-testid="bulk-progress">
      <div className="flex items-center justify-between gap-x-2">
        <Text size="small" weight="plus">
          {groupName}
        </Text>
        <Badge size="2xsmall" color={state.color} data-testid="bulk-state">
          {state.label}
        </Badge>
      </div>
      <ProgressBar value={bulk.processed_count} max={bulk.total_count} label="Customers served" />
      <Text size="small" className="text-ui-fg-subtle" data-testid="bulk-counts">
        {formatCount(bulk.processed_count)} of {formatCount(bulk.total_count)} customers · {formatCount(bulk.assigned_count)}{" "}
        codes given · {formatCount(bulk.skipped_count)} already held one
      </Text>
      {bulk.state === "failed" && (
        <Alert variant="error" dismissible={false}>
          {bulk.error?.message ?? "The run stopped."} Codes given before it stopped stay given.
        </Alert>
      )}
    </div>
  )
}

/**
 * "Give codes to a customer group": pick a group, start, and watch the background run until it is done. The run
 * lives on the server: closing the drawer does not stop it, and reopening it (`bulkId` is kept by the caller) shows
 * its progress again.
 */
export const GiveGroupDrawer = ({
  promotionId,
  open,
  onOpenChange,
  run,
  onRun,
}: {
  promotionId: string
  open: boolean
  onOpenChange: (open: boolean) => void
  run: { id: string; groupName: string } | null
  onRun: (run: { id: string; groupName: string } | null) => void
}) => {
  const [search, setSearch] = useState("")
  const [q, setQ] = useState("")
  const [selected, setSelected] = useState<{ id: string; name: string } | null>(null)
  const [problem, setProblem] = useState("")
  const groups = useCustomerGroupOptions(q, open && !run)
  const start = useStartGroupAssignment(promotionId)
  const progress = useGroupAssignmentProgress(promotionId, run?.id ?? null)
  const bulk = progress.data
  const running = !!bulk && isBulkOpen(bulk)

  useEffect(() => {
    const t = setTimeout(() => setQ(search), 300)
    return () => clearTimeout(t)
  }, [search])
  useEffect(() => {
    if (open) {
      setProblem("")
    }
  }, [open])
  useEffect(() => {
    if (bulk?.state === "completed" && run) {
      toast.success(`${formatCount(bulk.assigned_count)} codes given to ${run.groupName}`)
    }
    // Announce each run once, when it finishes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bulk?.state, bulk?.id])

  const begin = () => {
    if (!selected) {
      setProblem("Choose a customer group")
      return
    }
    setProblem("")
    start.mutate(selected.id, {
      onSuccess: (b) => onRun({ id: b.id, groupName: selected.name }),
      onError: (e) => setProblem(errorMessage(e)),
    })
  }
  const another = () => {
    onRun(null)
    setSelected(null)
  }

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>Give codes to a customer group</Drawer.Title>
          <Drawer.Description>
            Every customer of the group gets one unassigned code of this promotion; customers who already hold one
            are skipped. It runs in the background.
          </Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-3 overflow-y-auto">
          {run ? (
            bulk ? (
              <BulkProgress bulk={bulk} groupName={run.groupName} />
            ) : progress.isError ? (
              <ErrorState error={progress.error} onRetry={() => progress.refetch()} />
            ) : (
              <LoadingRows rows={2} />
            )
          ) : (
            <>
              <Input
                type="search"
                placeholder="Search customer groups"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                aria-label="Search customer groups"
              />
              {groups.isLoading ? (
                <LoadingRows />
              ) : groups.isError ? (
                <ErrorState error={groups.error} onRetry={() => groups.refetch()} />
              ) : !groups.data?.length ? (
                <EmptyState
                  title={q ? "No customer group matches" : "No customer groups yet"}
                  description="Create groups under Customers → Customer Groups."
                />
              ) : (
                <div role="radiogroup" aria-label="Customer group" className="flex flex-col gap-y-2">
                  {groups.data.map((g) => (
                    <button
                      type="button"
                      role="radio"
                      aria-checked={selected?.id === g.id}
                      key={g.id}
                      data-group={g.name}
                      onClick={() => setSelected(g)}
                      className={`shadow-borders-base rounded-lg px-3 py-2 text-left ${
                        selected?.id === g.id
                          ? "shadow-borders-interactive-with-active bg-ui-bg-base"
                          : "bg-ui-bg-base hover:bg-ui-bg-base-hover"
                      }`}
                    >
                      <Text size="small" weight="plus">
                        {g.name}
                      </Text>
                    </button>
                  ))}
                </div>
              )}
            </>
          )}
          {problem && (
            <Alert variant="error" dismissible={false} data-testid="give-group-error">
              {problem}
            </Alert>
          )}
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button size="small" variant="secondary">
              {run ? "Close" : "Cancel"}
            </Button>
          </Drawer.Close>
          {run ? (
            <Button size="small" onClick={another} disabled={running}>
              Give to another group
            </Button>
          ) : (
            <Button size="small" onClick={begin} isLoading={start.isPending}>
              Start
            </Button>
          )}
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
