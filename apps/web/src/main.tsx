import { IroncartClient } from '@ironcart/sdk';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App.js';
import { ShopProvider } from './shop.js';
import './styles.css';

// One client for the whole app: one secure channel, kept in IndexedDB across reloads.
const client = new IroncartClient({ baseUrl: '' });

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <ShopProvider client={client}>
        <App />
      </ShopProvider>
    </BrowserRouter>
  </StrictMode>,
);
