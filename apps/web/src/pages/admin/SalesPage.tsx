import type { SalesSummary } from '@ironcart/server/api';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { AdminHead, LoadError, useLoad } from '../../components/admin/common.js';
import { SalesChart } from '../../components/admin/SalesChart.js';
import { Segmented } from '../../components/admin/Segmented.js';
import { formatDate, formatMoney } from '../../format.js';
import { useShop } from '../../shop.js';
import { useTitle } from '../../use-title.js';

const PERIODS = [7, 30, 90] as const;

export function AdminSalesPage() {
  useTitle('Sales · Admin');
  const { client } = useShop();
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('days'));
  const days = (PERIODS as readonly number[]).includes(asked) ? asked : 30;
  const load = useLoad<SalesSummary>(String(days), () => client.admin.salesSummary({ days }));
  const ids = useId();
  const summary = load.data ?? load.last;

  return (
    <>
      <AdminHead
        title="Sales"
        lead={
          summary
            ? `${formatDate(`${summary.from}T12:00:00Z`)} to ${formatDate(`${summary.to}T12:00:00Z`)} (UTC days)`
            : '\u00a0'
        }
      >
        <Segmented
          className="period"
          legend="Period"
          options={PERIODS.map((period) => ({ value: period, label: `${period} days` }))}
          value={days}
          onChange={(period) => setParams(period === 30 ? {} : { days: String(period) })}
        />
      </AdminHead>

      {load.error !== undefined ? (
        <LoadError error={load.error} retry={load.retry} />
      ) : !summary ? (
        <div aria-busy="true">
          <p className="visually-hidden">Loading the sales summary…</p>
          <div className="stat-grid">
            <div className="skeleton stat-skeleton" />
            <div className="skeleton stat-skeleton" />
            <div className="skeleton stat-skeleton" />
          </div>
          <div className="skeleton skeleton-block" />
        </div>
      ) : (
        <div className="sales" aria-busy={load.loading}>
          <dl className="stat-grid">
            <div className="stat">
              <dt>Orders</dt>
              <dd data-testid="sales-orders">{summary.totals.orders}</dd>
            </div>
            <div className="stat">
              <dt>Revenue</dt>
              <dd data-testid="sales-revenue">{formatMoney(summary.totals.revenue)}</dd>
            </div>
            <div className="stat">
              <dt>Refunds</dt>
              <dd data-testid="sales-refunds">{formatMoney(summary.totals.refunds)}</dd>
            </div>
          </dl>

          <section className="panel" aria-labelledby={`${ids}-chart`}>
            <h2 id={`${ids}-chart`}>Revenue per day</h2>
            {summary.totals.orders === 0 && (
              <p className="panel-note">No paid orders in this period yet.</p>
            )}
            <SalesChart summary={summary} />
            <details className="chart-data">
              <summary>Show the numbers as a table</summary>
              <div className="table-scroll">
                <table>
                  <caption className="visually-hidden">Sales per day</caption>
                  <thead>
                    <tr>
                      <th scope="col">Day</th>
                      <th scope="col" className="num">
                        Orders
                      </th>
                      <th scope="col" className="num">
                        Revenue
                      </th>
                      <th scope="col" className="num">
                        Refunds
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {summary.days.map((day) => (
                      <tr key={day.date}>
                        <th scope="row">{formatDate(`${day.date}T12:00:00Z`)}</th>
                        <td className="num">{day.orders}</td>
                        <td className="num">{formatMoney(day.revenue)}</td>
                        <td className="num">{formatMoney(day.refunds)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </section>

          <section className="panel" aria-labelledby={`${ids}-top`}>
            <h2 id={`${ids}-top`}>Top products</h2>
            {summary.topProducts.length === 0 ? (
              <p className="panel-note">No products sold in this period.</p>
            ) : (
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col" className="num">
                        #
                      </th>
                      <th scope="col">Product</th>
                      <th scope="col" className="num">
                        Units
                      </th>
                      <th scope="col" className="num">
                        Revenue
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {summary.topProducts.map((product, index) => (
                      <tr key={product.productId}>
                        <td className="num">{index + 1}</td>
                        <td>
                          <Link to={`/admin/products/${encodeURIComponent(product.productId)}`}>
                            {product.title}
                          </Link>
                        </td>
                        <td className="num">{product.units}</td>
                        <td className="num">{formatMoney(product.revenue)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </div>
      )}
    </>
  );
}
