import { ArrowDownTray, ArrowPath, ArrowUpTray, Calendar, Sparkles, Trash, XCircle } from "@medusajs/icons"
import { Button, Container, Heading, IconButton, Table, Text, Tooltip, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { isBatchOpen, useCouponBatches, useDeleteBatch, useRetryBatch, useVoidBatch } from "../hooks/batches"
import { errorMessage } from "../lib/errors"
import { downloadFile } from "../hooks/download"
import { formatCount, formatDateTime } from "../lib/format"
import type { CouponBatch } from "../lib/types"
import { ActionMenu } from "./action-menu"
import { BatchStateBadge } from "./badges"
import { ExtendExpiryDrawer } from "./extend-expiry-drawer"
import { GenerateCodesDrawer } from "./generate-codes-drawer"
import { ImportCodesDrawer } from "./import-codes-drawer"
import { ProgressBar } from "./progress-bar"
import { EmptyState, ErrorState, LoadingRows } from "./states"

const PAGE_SIZE = 10

const batchSource = (b: CouponBatch) =>
  b.source === "imported"
    ? `Imported${b.file_name ? ` from ${b.file_name}` : ""}`
    : `Generated${b.pattern && typeof b.pattern === "object" && "pattern" in b.pattern ? ` (${[b.pattern.prefix, b.pattern.pattern, b.pattern.suffix].filter(Boolean).join("")})` : ""}`

const batchError = (b: CouponBatch) =>
  !b.error ? null : typeof b.error === "string" ? b.error : (b.error.message ?? JSON.stringify(b.error))

/** No code of the batch ever left the pool: it can be deleted (the server checks again under lock). */
const isDeletable = (b: CouponBatch) =>
  !isBatchOpen(b) && b.codes_assigned + b.codes_used_partially + b.codes_used_fully === 0 && b.codes_total === b.codes_unassigned

/**
 * Retry for a failed generated batch, Delete for one none of whose codes was used (both ask first), and for a completed
 * batch the "…" menu: Extend expiry (a date picker) and Void unused codes (asks first).
 */
const BatchActions = ({
  promotionId,
  batch,
  onExtend,
}: {
  promotionId: string
  batch: CouponBatch
  onExtend: (batch: CouponBatch) => void
}) => {
  const prompt = usePrompt()
  const retry = useRetryBatch(promotionId)
  const remove = useDeleteBatch(promotionId)
  const voidBatch = useVoidBatch(promotionId)
  // Unassigned, or assigned and never used: what voiding takes (the server decides under lock).
  const unused = batch.codes_unassigned + batch.codes_assigned
  // mutateAsync, not mutate(…, { onSuccess }): the list refetch that ends the mutation can unmount this row (a
  // deleted batch, a retried one that is no longer failed), and per-call callbacks are skipped after an unmount.
  const onRetry = () =>
    retry.mutateAsync(batch.id).then(
      (b) =>
        toast.success(b.state === "completed" ? `${b.codes_total.toLocaleString()} codes generated` : "Generation restarted"),
      (e) => toast.error("The batch was not retried", { description: errorMessage(e) })
    )
  const onDelete = async () => {
    const ok = await prompt({
      title: "Delete this batch?",
      description: `Its ${batch.codes_total.toLocaleString()} codes are removed and can never be used or issued again.`,
      confirmText: "Delete",
      cancelText: "Cancel",
    })
    if (ok) {
      await remove.mutateAsync(batch.id).then(
        (r) => toast.success(`Batch deleted with ${r.codes_removed.toLocaleString()} codes`),
        (e) => toast.error("The batch was not deleted", { description: errorMessage(e) })
      )
    }
  }
  const onVoidUnused = async () => {
    const ok = await prompt({
      title: "Void the unused codes of this batch?",
      description: `Up to ${unused.toLocaleString()} codes that were never used stop working at once and for good, given ones included. Used codes and codes in a checkout stay as they are.`,
      confirmText: "Void unused codes",
      cancelText: "Cancel",
    })
    if (ok) {
      await voidBatch.mutateAsync(batch.id).then(
        (r) => toast.success(`${r.voided.toLocaleString()} codes voided`),
        (e) => toast.error("The codes were not voided", { description: errorMessage(e) })
      )
    }
  }
  return (
    <>
      {batch.state === "completed" && (
        <ActionMenu
          label="Batch actions"
          groups={[
            [{ label: "Extend expiry", icon: <Calendar />, onClick: () => onExtend(batch) }],
            [
              {
                label: "Void unused codes",
                icon: <XCircle />,
                onClick: onVoidUnused,
                disabled: unused === 0 || voidBatch.isPending,
                destructive: true,
              },
            ],
          ]}
        />
      )}
      {batch.state === "failed" && batch.source === "generated" && (
        <RowAction tooltip="Generate this batch again" label="Retry batch" busy={retry.isPending} onClick={onRetry}>
          <ArrowPath />
        </RowAction>
      )}
      {isDeletable(batch) && (
        <RowAction tooltip="Delete this batch and its codes" label="Delete batch" busy={remove.isPending} onClick={onDelete}>
          <Trash />
        </RowAction>
      )}
    </>
  )
}

const RowAction = ({
  tooltip,
  label,
  busy,
  onClick,
  children,
}: {
  tooltip: string
  label: string
  busy: boolean
  onClick: () => void
  children: React.ReactNode
}) => (
  <Tooltip content={tooltip}>
    <IconButton size="small" variant="transparent" aria-label={label} disabled={busy} onClick={onClick}>
      {children}
    </IconButton>
  </Tooltip>
)

/** Every lot of codes added to the promotion, with live progress for the ones still being generated. */
export const BatchesSection = ({ promotionId, readOnly }: { promotionId: string; readOnly: boolean }) => {
  const [page, setPage] = useState(0)
  const [generating, setGenerating] = useState(false)
  const [importing, setImporting] = useState(false)
  const [extending, setExtending] = useState<CouponBatch | null>(null)
  const { data, isLoading, isError, error, refetch } = useCouponBatches(promotionId, {
    limit: PAGE_SIZE,
    offset: page * PAGE_SIZE,
  })
  const count = data?.count ?? 0

  return (
    <Container className="divide-y p-0" data-testid="batches-section">
      <div className="flex flex-wrap items-center justify-between gap-2 px-6 py-4">
        <div>
          <Heading level="h2">Batches</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Codes are added in batches: generated or imported, as often as needed.
          </Text>
        </div>
        {!readOnly && (
          <div className="flex shrink-0 gap-x-2 whitespace-nowrap">
            <Button size="small" variant="secondary" onClick={() => setImporting(true)}>
              <ArrowUpTray /> Import codes
            </Button>
            <Button size="small" variant="secondary" onClick={() => setGenerating(true)}>
              <Sparkles /> Generate codes
            </Button>
          </div>
        )}
      </div>
      {isLoading ? (
        <LoadingRows />
      ) : isError ? (
        <ErrorState error={error} onRetry={() => refetch()} />
      ) : !data?.batches.length ? (
        <EmptyState
          title="No codes yet"
          description={readOnly ? "This promotion was archived without codes." : "Generate codes or import a list."}
        />
      ) : (
        <>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Batch</Table.HeaderCell>
                <Table.HeaderCell>State</Table.HeaderCell>
                <Table.HeaderCell className="w-1/3">Progress</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Codes</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Assigned / used</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.batches.map((b) => {
                const open = isBatchOpen(b)
                const target = b.requested_count || b.codes_total
                const done = open ? b.processed_count : b.state === "completed" ? target : b.processed_count
                return (
                  <Table.Row key={b.id} data-batch-state={b.state} data-testid="batch-row">
                    <Table.Cell>
                      <div className="flex flex-col py-2">
                        <Text size="small" leading="compact">
                          {batchSource(b)}
                        </Text>
                        <Text size="xsmall" className="text-ui-fg-subtle" leading="compact">
                          {formatDateTime(b.created_at)}
                        </Text>
                      </div>
                    </Table.Cell>
                    <Table.Cell>
                      <BatchStateBadge state={b.state} />
                    </Table.Cell>
                    <Table.Cell>
                      <div className="flex flex-col gap-y-1 py-2 pr-4">
                        <ProgressBar value={done} max={target} label={`Batch progress`} />
                        <Text size="xsmall" className="text-ui-fg-subtle" data-testid="batch-progress">
                          {formatCount(done)} of {formatCount(target)}
                        </Text>
                        {b.state === "failed" && (
                          <Text size="xsmall" className="text-ui-fg-error" data-testid="batch-error">
                            {batchError(b)}
                          </Text>
                        )}
                      </div>
                    </Table.Cell>
                    <Table.Cell className="text-right">{formatCount(b.codes_total)}</Table.Cell>
                    <Table.Cell className="text-right">
                      {formatCount(b.codes_assigned)} / {formatCount(b.codes_used_fully + b.codes_used_partially)}
                    </Table.Cell>
                    <Table.Cell className="whitespace-nowrap text-right">
                      {!readOnly && <BatchActions promotionId={promotionId} batch={b} onExtend={setExtending} />}
                      <Tooltip content="Download this batch's codes (CSV)">
                        <IconButton
                          size="small"
                          variant="transparent"
                          aria-label="Download batch codes"
                          disabled={b.state !== "completed"}
                          onClick={() =>
                            downloadFile(
                              `/admin/coupon-promotions/${promotionId}/batches/${b.id}/codes.csv`,
                              `${b.id}-codes.csv`
                            )
                          }
                        >
                          <ArrowDownTray />
                        </IconButton>
                      </Tooltip>
                    </Table.Cell>
                  </Table.Row>
                )
              })}
            </Table.Body>
          </Table>
          {count > PAGE_SIZE && (
            <Table.Pagination
              count={count}
              pageSize={PAGE_SIZE}
              pageIndex={page}
              pageCount={Math.ceil(count / PAGE_SIZE)}
              canPreviousPage={page > 0}
              canNextPage={(page + 1) * PAGE_SIZE < count}
              previousPage={() => setPage((p) => p - 1)}
              nextPage={() => setPage((p) => p + 1)}
            />
          )}
        </>
      )}
      <GenerateCodesDrawer promotionId={promotionId} open={generating} onOpenChange={setGenerating} />
      <ImportCodesDrawer promotionId={promotionId} open={importing} onOpenChange={setImporting} />
      <ExtendExpiryDrawer promotionId={promotionId} batch={extending} onClose={() => setExtending(null)} />
    </Container>
  )
}
