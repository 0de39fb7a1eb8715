if(!navigator.globalPrivacyControl){let n=navigator,d=document,l=location,w=innerWidth,r=new URL(d.referrer||l).hostname,
u=d.getElementById('consent-config').dataset.api.replace(/consent$/,'events'),
s=(type,o)=>n.sendBeacon(u,o=JSON.stringify({type,path:l.pathname,...o}))||fetch(u,{method:'POST',body:o,keepalive:1,credentials:'include'});
s('pageview',{referrer:r==l.hostname?'':r,device:w<768?'mobile':w<1024?'tablet':'desktop',language:d.documentElement.lang});
d.addEventListener('click',e=>(e=e.target.closest('[data-analytics-event]'))&&s('event',{name:e.dataset.analyticsEvent}));
pigmentAnalytics=1}
