import type { StockInfo } from '@ironcart/server/api';

export function StockBadge({ stock }: { stock: StockInfo }) {
  const label =
    stock.state === 'out'
      ? 'Out of stock'
      : stock.state === 'low'
        ? `Only ${stock.available} left`
        : 'In stock';
  return <span className={`stock stock-${stock.state}`}>{label}</span>;
}
