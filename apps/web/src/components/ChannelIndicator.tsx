import { useShop } from '../shop.js';

const LABELS = {
  established: 'established',
  establishing: 'connecting',
  closed: 'connecting',
  're-establishing': 're-establishing',
} as const;

/** The state of the secure channel every API call travels through. */
export function ChannelIndicator() {
  const { channelState } = useShop();
  return (
    <p className={`channel channel-${channelState}`} aria-live="polite" data-testid="channel">
      <span className="channel-dot" aria-hidden="true" />
      Secure channel: {LABELS[channelState]}
    </p>
  );
}
