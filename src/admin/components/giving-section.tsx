import { Pause, PencilSquare, PlaySolid, Plus, Trash, Users } from "@medusajs/icons"
import { Button, Container, Heading, StatusBadge, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import {
  type CouponAssignmentRule,
  useAssignmentRules,
  useDeleteAssignmentRule,
  useUpdateAssignmentRule,
} from "../hooks/assignment-rules"
import { errorMessage } from "../lib/errors"
import type { CouponPromotion } from "../lib/types"
import { ActionMenu } from "./action-menu"
import { AssignmentRuleDrawer, EVENT_LABEL } from "./assignment-rule-drawer"
import { GiveGroupDrawer } from "./give-group-drawer"
import { SectionRow } from "./section-row"
import { EmptyState, ErrorState, LoadingRows } from "./states"

const PAGE_SIZE = 10

/** "customer at id" / "the customer of the order at id". */
const whoGetsIt = (r: CouponAssignmentRule) =>
  r.resolve_customer_from === "order"
    ? `The customer of the order at "${r.customer_id_path}"`
    : `The customer at "${r.customer_id_path}"`

/** Edit, Pause / Resume and Delete (asks first). mutateAsync: the refetch after a delete unmounts this row. */
const RuleActions = ({
  rule,
  readOnly,
  onEdit,
}: {
  rule: CouponAssignmentRule
  readOnly: boolean
  onEdit: (rule: CouponAssignmentRule) => void
}) => {
  const prompt = usePrompt()
  const update = useUpdateAssignmentRule()
  const remove = useDeleteAssignmentRule()
  const label = rule.name || rule.event_name
  const toggle = () =>
    update.mutateAsync({ id: rule.id, enabled: !rule.enabled }).then(
      (r) => toast.success(r.enabled ? `${label} resumed` : `${label} paused`),
      (e) => toast.error("The rule was not changed", { description: errorMessage(e) })
    )
  const onDelete = async () => {
    const ok = await prompt({
      title: "Delete this rule?",
      description: `"${label}" stops giving codes. Codes it already gave stay with their customers.`,
      confirmText: "Delete",
      cancelText: "Cancel",
    })
    if (ok) {
      await remove.mutateAsync(rule.id).then(
        () => toast.success("Rule deleted"),
        (e) => toast.error("The rule was not deleted", { description: errorMessage(e) })
      )
    }
  }
  return (
    <ActionMenu
      label="Rule actions"
      groups={[
        readOnly ? [] : [{ label: "Edit", icon: <PencilSquare />, onClick: () => onEdit(rule) }],
        [
          rule.enabled
            ? { label: "Pause", icon: <Pause />, onClick: toggle, disabled: update.isPending }
            : { label: "Resume", icon: <PlaySolid />, onClick: toggle, disabled: update.isPending || readOnly },
        ],
        [{ label: "Delete", icon: <Trash />, onClick: onDelete, destructive: true, disabled: remove.isPending }],
      ]}
    />
  )
}

/**
 * How codes of the promotion reach customers besides "Give coupon" on a customer: the "Coupon given" notification
 * switch (edited in the form), giving a code to every customer of a group, and rules that give one on events.
 */
export const PromotionGivingSection = ({ promotion: p }: { promotion: CouponPromotion }) => {
  const readOnly = !!p.archived_at
  const [page, setPage] = useState(0)
  const [editing, setEditing] = useState<CouponAssignmentRule | null>(null)
  const [adding, setAdding] = useState(false)
  const [giving, setGiving] = useState(false)
  const [run, setRun] = useState<{ id: string; groupName: string } | null>(null)
  const { data, isLoading, isError, error, refetch } = useAssignmentRules(p.id, {
    limit: PAGE_SIZE,
    offset: page * PAGE_SIZE,
  })
  const count = data?.count ?? 0
  const events = data?.events ?? []

  return (
    <Container className="divide-y p-0" data-testid="giving-section">
      <div className="flex flex-wrap items-center justify-between gap-2 px-6 py-4">
        <div>
          <Heading level="h2">Giving codes</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Give codes to a customer group at once, or automatically when something happens.
          </Text>
        </div>
        {!readOnly && (
          <div className="flex shrink-0 gap-x-2 whitespace-nowrap">
            <Button size="small" variant="secondary" onClick={() => setGiving(true)}>
              <Users /> Give to customer group
            </Button>
            <Button size="small" variant="secondary" onClick={() => setAdding(true)} disabled={!events.length}>
              <Plus /> Add rule
            </Button>
          </div>
        )}
      </div>
      <SectionRow
        title={`"Coupon given" notification`}
        value={
          <Text size="small" leading="compact" data-testid="notify-on-assign">
            {p.notify_on_assign
              ? "Sent to the customer when a code is given (if the store's notifications are on)"
              : "Not sent for this promotion"}
          </Text>
        }
      />
      {isLoading ? (
        <LoadingRows />
      ) : isError ? (
        <ErrorState error={error} onRetry={() => refetch()} />
      ) : !data?.coupon_assignment_rules.length ? (
        <EmptyState
          title="No rules"
          description={
            readOnly ? "This promotion is archived." : "Add a rule to give a code on an event, e.g. to every new customer."
          }
        />
      ) : (
        <>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Rule</Table.HeaderCell>
                <Table.HeaderCell>Who gets a code</Table.HeaderCell>
                <Table.HeaderCell>State</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.coupon_assignment_rules.map((r) => (
                <Table.Row key={r.id} data-testid="rule-row" data-rule-enabled={r.enabled}>
                  <Table.Cell>
                    <div className="flex flex-col py-2">
                      <Text size="small" weight="plus" leading="compact">
                        {r.name || EVENT_LABEL[r.event_name] || r.event_name}
                      </Text>
                      <Text size="xsmall" className="text-ui-fg-subtle" leading="compact">
                        When {r.event_name}
                      </Text>
                    </div>
                  </Table.Cell>
                  <Table.Cell>
                    <Text size="small" leading="compact" className="whitespace-normal">
                      {whoGetsIt(r)}
                    </Text>
                  </Table.Cell>
                  <Table.Cell>
                    <StatusBadge color={r.enabled ? "green" : "grey"}>{r.enabled ? "Active" : "Paused"}</StatusBadge>
                  </Table.Cell>
                  <Table.Cell className="text-right">
                    <RuleActions rule={r} readOnly={readOnly} onEdit={setEditing} />
                  </Table.Cell>
                </Table.Row>
              ))}
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
              previousPage={() => setPage((n) => n - 1)}
              nextPage={() => setPage((n) => n + 1)}
            />
          )}
        </>
      )}
      {!readOnly && (
        <>
          <AssignmentRuleDrawer
            promotionId={p.id}
            events={events}
            open={adding || !!editing}
            rule={editing}
            onClose={() => {
              setAdding(false)
              setEditing(null)
            }}
          />
          <GiveGroupDrawer promotionId={p.id} open={giving} onOpenChange={setGiving} run={run} onRun={setRun} />
        </>
      )}
    </Container>
  )
}
